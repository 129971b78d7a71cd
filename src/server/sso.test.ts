/**
 * Single sign-on against a real OpenID Connect provider (oidc-provider) on 127.0.0.1, driven
 * through its development login and consent pages as a browser would.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import Provider from "oidc-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestApp, testApp } from "../../test/support/app.ts";

const PUBLIC_URL = "https://care.example.com";
const REDIRECT = `${PUBLIC_URL}/api/sso/callback`;
const ACCOUNTS: Record<string, { email: string; name: string; groups: string[] }> = {
  alice: { email: "alice@corp.example", name: "Alice Admin", groups: ["care-admins", "staff"] },
  bob: { email: "bob@corp.example", name: "Bob Agent", groups: ["care-agents"] },
  eve: { email: "eve@corp.example", name: "Eve Outsider", groups: ["marketing"] },
};

let handle: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.end();
// The issuer names its port, so the server listens first and the provider is made after.
const server = createServer((req, res) => handle(req, res));
let issuer: string;
let t: TestApp;

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: "parley",
        client_secret: "parley-client-secret-for-tests",
        redirect_uris: [REDIRECT],
        response_types: ["code"],
        grant_types: ["authorization_code"],
      },
    ],
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"], groups: ["groups"] },
    findAccount: async (_ctx, sub) => ({
      accountId: sub,
      claims: async () => ({ sub, email_verified: true, ...ACCOUNTS[sub] }),
    }),
    features: { devInteractions: { enabled: true } },
    cookies: { keys: ["cookie-key-for-tests"] },
  });
  handle = provider.callback();
  t = await testApp({
    app: { publicUrl: PUBLIC_URL },
    core: {
      sso: {
        issuer,
        clientId: "parley",
        clientSecret: "parley-client-secret-for-tests",
        roleGroups: [
          { role: "admin", group: "care-admins" },
          { role: "agent", group: "care-agents" },
        ],
        redirectUri: REDIRECT,
      },
    },
  });
});
afterAll(async () => {
  await t?.close();
  server.close();
});

/** Follows the provider's pages like a browser: redirects, the login form, the consent form. */
async function throughProvider(authorizeUrl: string, login: string): Promise<string> {
  const jar = new Map<string, string>();
  let url = authorizeUrl;
  let init: RequestInit = {};
  for (let step = 0; step < 12; step++) {
    const res = await fetch(url, {
      ...init,
      redirect: "manual",
      headers: {
        ...(init.headers as Record<string, string>),
        cookie: [...jar].map(([k, v]) => `${k}=${v}`).join("; "),
      },
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const [k, ...v] = pair!.split("=");
      jar.set(k!, v.join("="));
    }
    const location = res.headers.get("location");
    if (location) {
      const next = new URL(location, url).href;
      if (next.startsWith(REDIRECT)) return next;
      url = next;
      init = {};
      continue;
    }
    const html = await res.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    if (!action) throw new Error(`no form at ${url}: ${res.status} ${html.slice(0, 200)}`);
    const fields = new URLSearchParams();
    for (const [tag] of html.matchAll(/<input[^>]*>/g)) {
      const name = /name="([^"]+)"/.exec(tag)?.[1];
      if (name) fields.set(name, /value="([^"]*)"/.exec(tag)?.[1] ?? "");
    }
    fields.set("login", login);
    fields.set("password", "any");
    url = new URL(action, url).href;
    init = { method: "POST", body: fields, headers: { "content-type": "application/x-www-form-urlencoded" } };
  }
  throw new Error("the provider never sent the browser back");
}

async function signInAs(login: string) {
  const start = await t.app.inject({ url: "/api/sso" });
  expect(start.statusCode).toBe(302);
  const pending = start.cookies.find((c) => c.name === "parley_sso")!;
  const back = new URL(await throughProvider(start.headers.location as string, login));
  return t.app.inject({
    url: `${back.pathname}${back.search}`,
    headers: { cookie: `parley_sso=${pending.value}` },
  });
}

describe("single sign-on with OpenID Connect", () => {
  it("adds a new user with the role their groups give, and signs them in", async () => {
    const res = await signInAs("alice");
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe("/");
    const session = res.cookies.find((c) => c.name === "parley_session")!;
    const me = (
      await t.app.inject({ url: "/api/me", headers: { cookie: `parley_session=${session.value}` } })
    ).json();
    expect(me.user).toMatchObject({ email: "alice@corp.example", name: "Alice Admin", role: "admin" });
    expect(me.workspace.id).toBe(t.workspaceId);
  });

  it("brings an existing user's role in line with their groups, audited", async () => {
    const user = await t.core.services.auth.addUser({
      workspaceId: t.workspaceId,
      email: "bob@corp.example",
      name: "Bob",
      role: "analyst",
      password: "tangerine-lighthouse-42",
    });
    const res = await signInAs("bob");
    expect(res.statusCode).toBe(302);
    expect((await t.core.store.users.get(t.workspaceId, user.id))?.role).toBe("agent");
    const trail = await t.core.store.audit.forSubject(t.workspaceId, "user", user.id);
    expect(trail.at(-1)).toMatchObject({
      action: "user.role_change",
      detail: { from: "analyst", to: "agent", via: "sso" },
    });
  });

  it("refuses someone in none of the role groups", async () => {
    const res = await signInAs("eve");
    expect(res.statusCode).toBe(403);
    expect(await t.core.store.users.findByEmail("eve@corp.example")).toBeNull();
  });

  it("refuses a callback without the cookie its start set", async () => {
    const res = await t.app.inject({ url: "/api/sso/callback?code=x&state=y" });
    expect(res.json().error.code).toBe("invalid_credentials");
  });
});

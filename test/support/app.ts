/** An in-process Parley for HTTP tests: the real app on an in-memory store, driven by inject(). */
import type { FastifyInstance } from "fastify";
import { afterEach } from "vitest";
import { type Core, type CoreOptions, openCore } from "../../src/core.ts";
import type { Role } from "../../src/domain/views.ts";
import { type AppOptions, buildApp } from "../../src/server/app.ts";
import { freshPostgresUrl } from "./databases.ts";
import { checkResponses, type Violation } from "./responseContract.ts";

export interface TestApp {
  app: FastifyInstance;
  core: Core;
  workspaceId: string;
  /** Adds a user and returns a cookie header value signed in as them. */
  signIn(role: Role, email?: string): Promise<{ cookie: string; userId: string }>;
  close(): Promise<void>;
}

let n = 0;

/** Answers that broke their route's declared responses since the last check. */
const violations: Violation[] = [];

function failOnViolations(): void {
  if (violations.length === 0) return;
  const found = violations.splice(0).map((v) => `  ${v.method} ${v.url} → ${v.status}: ${v.problem}`);
  throw new Error(`Responses that do not match their route's schema:\n${found.join("\n")}`);
}

// Each test that made a non-conforming request fails after it ends, with the requests listed.
afterEach(failOnViolations);

/** The stores HTTP suites run on: the embedded one always, PostgreSQL when DATABASE_URL is set. */
export const appBackends: { name: string; postgres: boolean }[] = [
  { name: "the embedded store", postgres: false },
  ...(process.env.DATABASE_URL ? [{ name: "PostgreSQL", postgres: true }] : []),
];

export async function testApp(
  options: {
    postgres?: boolean;
    app?: Partial<Omit<AppOptions, "services" | "bus">>;
    core?: Partial<CoreOptions>;
  } = {},
): Promise<TestApp> {
  const fresh =
    options.postgres && process.env.DATABASE_URL ? await freshPostgresUrl(process.env.DATABASE_URL) : null;
  const core = await openCore({ data: ":memory:", databaseUrl: fresh?.url, ...options.core });
  const workspace = await core.store.workspaces.create({ name: "Lumen", brandHandles: ["lumenhelp"] });
  const app = await buildApp({
    services: core.services,
    bus: core.bus,
    cookieSecret: "test-secret-test-secret-test-secret!",
    logLevel: "silent",
    webRoot: "/nonexistent",
    bodyLimit: 64 * 1024,
    ...options.app,
  });
  checkResponses(app, (v) => violations.push(v));
  await app.ready();
  return {
    app,
    core,
    workspaceId: workspace.id,
    async signIn(role, email) {
      n += 1;
      const address = email ?? `${role}${n}@example.com`;
      const user = await core.services.auth.addUser({
        workspaceId: workspace.id,
        email: address,
        name: `${role} ${n}`,
        role,
        password: "tangerine-lighthouse-42",
      });
      const res = await app.inject({
        method: "POST",
        url: "/api/session",
        payload: { email: address, password: "tangerine-lighthouse-42" },
      });
      if (res.statusCode !== 200) throw new Error(`sign-in failed: ${res.body}`);
      const cookie = res.cookies.find((c) => c.name === "parley_session")!;
      return { cookie: `parley_session=${cookie.value}`, userId: user.id };
    },
    async close() {
      await app.close();
      failOnViolations();
      await core.close();
      await fresh?.drop();
    },
  };
}

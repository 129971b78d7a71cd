/**
 * Getting an access token for a Mastodon source: register Parley as an app on the instance
 * (`POST /api/v1/apps`), send the account's owner to the authorize page, and trade the code they
 * are shown for a token (`POST /oauth/token`). The token goes in the source's credentials.
 */
import { systemClock } from "../../domain/clock.ts";
import { PeerError } from "../contract.ts";
import { peerRequest } from "../peer.ts";

/** What the source needs: read mentions, statuses and search; post replies. */
export const MASTODON_SCOPES = "read:accounts read:notifications read:search read:statuses write:statuses";
/** Shows the code on the instance's page instead of redirecting: for a person copying it. */
export const OUT_OF_BAND = "urn:ietf:wg:oauth:2.0:oob";

export interface RegisteredApp {
  clientId: string;
  clientSecret: string;
}

async function postForm(url: string, fields: Record<string, string>, fetchImpl?: typeof fetch) {
  const response = await peerRequest(url, {
    clock: systemClock,
    timeoutMs: 30_000,
    maxBytes: 1024 * 1024,
    ...(fetchImpl ? { fetch: fetchImpl } : {}),
    init: {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
      body: new URLSearchParams(fields).toString(),
    },
  });
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(response.body.toString("utf8")) as Record<string, unknown>;
  } catch {
    // judged below
  }
  if (response.status !== 200) {
    const reason = [body.error, body.error_description].filter((x) => typeof x === "string").join(": ");
    throw new PeerError("refused", `${new URL(url).host} refused: ${reason || `HTTP ${response.status}`}`);
  }
  return body;
}

const base = (instanceUrl: string) => instanceUrl.replace(/\/+$/, "");

export async function registerApp(
  instanceUrl: string,
  options: { clientName?: string; redirectUri?: string; website?: string; fetch?: typeof fetch } = {},
): Promise<RegisteredApp> {
  const body = await postForm(
    `${base(instanceUrl)}/api/v1/apps`,
    {
      client_name: options.clientName ?? "Parley",
      redirect_uris: options.redirectUri ?? OUT_OF_BAND,
      scopes: MASTODON_SCOPES,
      ...(options.website ? { website: options.website } : {}),
    },
    options.fetch,
  );
  if (typeof body.client_id !== "string" || typeof body.client_secret !== "string") {
    throw new PeerError("refused", "The instance answered no client id and secret");
  }
  return { clientId: body.client_id, clientSecret: body.client_secret };
}

/** The page where the account's owner approves Parley and is given a code. */
export function authorizeUrl(instanceUrl: string, clientId: string, redirectUri = OUT_OF_BAND): string {
  const url = new URL(`${base(instanceUrl)}/oauth/authorize`);
  url.searchParams.set("response_type", "code");
  url.searchParams.set("client_id", clientId);
  url.searchParams.set("redirect_uri", redirectUri);
  url.searchParams.set("scope", MASTODON_SCOPES);
  return url.href;
}

export async function exchangeCode(
  instanceUrl: string,
  app: RegisteredApp,
  code: string,
  options: { redirectUri?: string; fetch?: typeof fetch } = {},
): Promise<string> {
  const body = await postForm(
    `${base(instanceUrl)}/oauth/token`,
    {
      grant_type: "authorization_code",
      code,
      client_id: app.clientId,
      client_secret: app.clientSecret,
      redirect_uri: options.redirectUri ?? OUT_OF_BAND,
      scope: MASTODON_SCOPES,
    },
    options.fetch,
  );
  if (typeof body.access_token !== "string")
    throw new PeerError("refused", "The instance answered no access token");
  return body.access_token;
}

/**
 * Calls to an AT Protocol service over XRPC, signed in with an app password. A session
 * (`com.atproto.server.createSession`) is kept per account for the life of the process, so the
 * reply job, which builds a connector per reply, does not sign in again each time (Bluesky limits
 * sign-ins to a few dozen in five minutes). An access token the service calls `ExpiredToken` is
 * renewed with `refreshSession` and the call made again; a refresh token that is refused too means
 * signing in afresh; a password refused there is `refused`, which stops the source.
 */
import { createHash } from "node:crypto";
import type { Clock } from "../../domain/clock.ts";
import { isPeerError, PeerError } from "../contract.ts";
import { OversizedBody, type PeerResponse, peerRequest, type RateLimitState } from "../peer.ts";

export interface Session {
  did: string;
  handle: string;
  accessJwt: string;
  refreshJwt: string;
}

/** Sessions by account; a process-wide store unless a caller brings its own. */
export type SessionStore = Map<string, Session>;
const processSessions: SessionStore = new Map();

export interface XrpcOptions {
  service: string;
  identifier: string;
  password: string | undefined;
  fetch: typeof fetch;
  timeoutMs: number;
  maxBytes: number;
  sessions?: SessionStore;
}

export interface CallContext {
  clock: Clock;
  signal?: AbortSignal;
}

export interface XrpcAnswer {
  body: unknown;
  limits: RateLimitState;
}

/** A body the service answered that is not the JSON asked for. */
export class UnreadableAnswer extends Error {
  readonly code: string;
  readonly payload: string;
  constructor(code: string, message: string, payload: string) {
    super(message);
    this.code = code;
    this.payload = payload;
  }
}

/** The `error` and `message` of an XRPC error body. */
function xrpcError(response: PeerResponse): { error?: string; message?: string } {
  try {
    const body = JSON.parse(response.body.toString("utf8")) as { error?: unknown; message?: unknown };
    return {
      ...(typeof body.error === "string" ? { error: body.error } : {}),
      ...(typeof body.message === "string" ? { message: body.message } : {}),
    };
  } catch {
    return {};
  }
}

function describe(response: PeerResponse): string {
  const { error, message } = xrpcError(response);
  const what = [error, message].filter(Boolean).join(": ");
  return what ? `${what} (HTTP ${response.status})` : `HTTP ${response.status}`;
}

export class XrpcFailure extends Error {
  readonly status: number;
  readonly error?: string;
  constructor(response: PeerResponse) {
    super(describe(response));
    this.status = response.status;
    const { error } = xrpcError(response);
    if (error) this.error = error;
  }
}

export function createXrpc(options: XrpcOptions) {
  const sessions = options.sessions ?? processSessions;
  const key = `${options.service}\n${options.identifier.toLowerCase()}\n${createHash("sha256")
    .update(options.password ?? "")
    .digest("hex")}`;

  async function raw(
    method: "GET" | "POST",
    nsid: string,
    context: CallContext,
    input: { params?: Record<string, string | string[] | undefined>; body?: unknown; token?: string },
  ): Promise<PeerResponse> {
    const url = new URL(`${options.service}/xrpc/${nsid}`);
    for (const [name, value] of Object.entries(input.params ?? {})) {
      if (value === undefined) continue;
      for (const v of Array.isArray(value) ? value : [value]) url.searchParams.append(name, v);
    }
    return peerRequest(url.href, {
      clock: context.clock,
      signal: context.signal,
      timeoutMs: options.timeoutMs,
      maxBytes: options.maxBytes,
      fetch: options.fetch,
      init: {
        method,
        headers: {
          accept: "application/json",
          "user-agent": "Parley",
          ...(input.token ? { authorization: `Bearer ${input.token}` } : {}),
          ...(input.body !== undefined ? { "content-type": "application/json" } : {}),
        },
        ...(input.body !== undefined ? { body: JSON.stringify(input.body) } : {}),
      },
    });
  }

  function readSession(response: PeerResponse): Session {
    const body = parse(response) as Partial<Session>;
    if (
      typeof body?.did !== "string" ||
      typeof body.accessJwt !== "string" ||
      typeof body.refreshJwt !== "string"
    ) {
      throw new PeerError("unavailable", "The service's session answer lacks its tokens");
    }
    return {
      did: body.did,
      handle: String(body.handle ?? ""),
      accessJwt: body.accessJwt,
      refreshJwt: body.refreshJwt,
    };
  }

  async function signIn(context: CallContext): Promise<Session> {
    if (!options.password) throw new PeerError("refused", "The source has no app password");
    let response: PeerResponse;
    try {
      response = await raw("POST", "com.atproto.server.createSession", context, {
        body: { identifier: options.identifier, password: options.password },
      });
    } catch (err) {
      if (isPeerError(err) && err.kind === "refused")
        throw new PeerError("refused", `Bluesky refused the handle or app password of ${options.identifier}`);
      throw err;
    }
    if (response.status !== 200)
      throw new PeerError("refused", `Bluesky did not sign ${options.identifier} in: ${describe(response)}`);
    const session = readSession(response);
    sessions.set(key, session);
    return session;
  }

  /** A renewed session, or null when the refresh token is no longer good. */
  async function refresh(session: Session, context: CallContext): Promise<Session | null> {
    let response: PeerResponse;
    try {
      response = await raw("POST", "com.atproto.server.refreshSession", context, {
        token: session.refreshJwt,
      });
    } catch (err) {
      if (isPeerError(err) && err.kind === "refused") return null;
      throw err;
    }
    if (response.status !== 200) return null;
    const renewed = readSession(response);
    sessions.set(key, renewed);
    return renewed;
  }

  async function session(context: CallContext): Promise<Session> {
    return sessions.get(key) ?? signIn(context);
  }

  /** One authenticated call; an expired token is renewed once and the call made again. */
  async function call(
    method: "GET" | "POST",
    nsid: string,
    context: CallContext,
    input: { params?: Record<string, string | string[] | undefined>; body?: unknown },
  ): Promise<PeerResponse> {
    let current = await session(context);
    for (let attempt = 0; ; attempt++) {
      let response: PeerResponse | undefined;
      let refused: PeerError | undefined;
      try {
        response = await raw(method, nsid, context, { ...input, token: current.accessJwt });
      } catch (err) {
        if (!(isPeerError(err) && err.kind === "refused")) throw err;
        refused = err;
      }
      const expired =
        refused !== undefined ||
        (response?.status === 400 &&
          ["ExpiredToken", "InvalidToken"].includes(xrpcError(response).error ?? ""));
      if (!expired) return response!;
      if (attempt > 0)
        throw refused ?? new PeerError("refused", `Bluesky refused the session: ${describe(response!)}`);
      sessions.delete(key);
      current = (await refresh(current, context)) ?? (await signIn(context));
    }
  }

  return {
    session,
    /** The session's DID once signed in. */
    async did(context: CallContext): Promise<string> {
      return (await session(context)).did;
    },
    async query(nsid: string, params: Record<string, string | string[] | undefined>, context: CallContext) {
      return answer(await call("GET", nsid, context, { params }));
    },
    async procedure(nsid: string, body: unknown, context: CallContext) {
      return answer(await call("POST", nsid, context, { body }));
    },
  };
}

export type Xrpc = ReturnType<typeof createXrpc>;

function parse(response: PeerResponse): unknown {
  const text = response.body.toString("utf8");
  try {
    return JSON.parse(text);
  } catch {
    throw new UnreadableAnswer("malformed_payload", "The answer is not valid JSON", text);
  }
}

/** A 200's JSON; any other status is an `XrpcFailure` for the caller to judge. */
function answer(response: PeerResponse): XrpcAnswer {
  if (response.status !== 200) throw new XrpcFailure(response);
  return { body: parse(response), limits: response.limits };
}

export { OversizedBody };

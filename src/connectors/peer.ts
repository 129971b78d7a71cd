/**
 * Talking to a peer over HTTP the way every connector must: a deadline on every request, a cap on
 * the body read, and the peer's limits turned into `PeerError`s the runner understands.
 */
import type { Clock } from "../domain/clock.ts";
import { isPeerError, PeerError } from "./contract.ts";

export interface RateLimitState {
  /** Requests left in the current window, when the peer says. */
  remaining?: number;
  /** When the window resets (ms since the epoch), when the peer says. */
  resetAt?: number;
}

/**
 * Reads the limits a peer announces: `Retry-After` (seconds or an HTTP date), the IETF
 * `RateLimit-Remaining` / `RateLimit-Reset` pair (reset in seconds from now, or an epoch time in
 * seconds as Bluesky sends it) and Mastodon's `X-RateLimit-Remaining` / `X-RateLimit-Reset`
 * (an ISO 8601 time).
 */
export function readRateLimit(headers: Headers, now: number): RateLimitState & { retryAt?: number } {
  const state: RateLimitState & { retryAt?: number } = {};
  const retryAfter = headers.get("retry-after");
  if (retryAfter) {
    const seconds = Number(retryAfter);
    const at = Number.isFinite(seconds) ? now + seconds * 1000 : Date.parse(retryAfter);
    if (Number.isFinite(at)) state.retryAt = at;
  }
  const remaining = headers.get("ratelimit-remaining") ?? headers.get("x-ratelimit-remaining");
  if (remaining !== null && Number.isFinite(Number(remaining))) state.remaining = Number(remaining);
  const reset = headers.get("ratelimit-reset") ?? headers.get("x-ratelimit-reset");
  if (reset) {
    const n = Number(reset);
    let at: number;
    if (Number.isFinite(n)) {
      // Small numbers are seconds from now; epoch seconds are past 10^9.
      at = n > 1e9 ? n * 1000 : now + n * 1000;
    } else at = Date.parse(reset);
    if (Number.isFinite(at)) state.resetAt = at;
  }
  return state;
}

export interface PeerRequest {
  clock: Clock;
  signal?: AbortSignal;
  /** Milliseconds before the request counts as hung. */
  timeoutMs?: number;
  /** Bytes of body read at most; a larger body is refused, not read. */
  maxBytes?: number;
  init?: RequestInit;
  /** The fetch to use (tests and the address guard wrap it). */
  fetch?: typeof fetch;
}

export interface PeerResponse {
  status: number;
  headers: Headers;
  body: Buffer;
  limits: RateLimitState;
  url: string;
}

export class OversizedBody extends Error {
  readonly limit: number;
  constructor(limit: number) {
    super(`The peer's answer is larger than ${limit} bytes`);
    this.limit = limit;
  }
}

/**
 * One request to a peer. 429 and a spent quota become `rate_limited` (with the time it comes
 * back), 5xx and a deadline passed become `unavailable`, 401 and 403 become `refused`; other
 * statuses (304, 404…) are returned for the connector to judge.
 */
export async function peerRequest(url: string, request: PeerRequest): Promise<PeerResponse> {
  const timeout = AbortSignal.timeout(request.timeoutMs ?? 30_000);
  const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
  let response: Response;
  try {
    response = await (request.fetch ?? fetch)(url, { ...request.init, signal });
  } catch (err) {
    // The fetch may judge the peer itself (the address guard refuses a host).
    if (request.signal?.aborted || isPeerError(err)) throw err;
    const hung = timeout.aborted;
    throw new PeerError("unavailable", hung ? `No answer from ${host(url)} in time` : describe(err, url));
  }
  const now = request.clock.now();
  const limits = readRateLimit(response.headers, now);
  if (response.status === 429 || (response.status === 503 && limits.retryAt)) {
    await response.body?.cancel();
    throw new PeerError(
      "rate_limited",
      `${host(url)} asks to slow down (HTTP ${response.status})`,
      limits.retryAt ?? limits.resetAt ?? now + 60_000,
    );
  }
  if (response.status >= 500) {
    await response.body?.cancel();
    throw new PeerError("unavailable", `${host(url)} answered HTTP ${response.status}`);
  }
  if (response.status === 401 || response.status === 403) {
    await response.body?.cancel();
    throw new PeerError("refused", `${host(url)} refused the credentials (HTTP ${response.status})`);
  }
  let body: Buffer;
  try {
    body = await readCapped(response, request.maxBytes ?? 10 * 1024 * 1024);
  } catch (err) {
    if (err instanceof OversizedBody) throw err;
    if (request.signal?.aborted) throw err;
    throw new PeerError("unavailable", timeout.aborted ? `${host(url)} stopped sending` : describe(err, url));
  }
  return { status: response.status, headers: response.headers, body, limits, url: response.url || url };
}

async function readCapped(response: Response, maxBytes: number): Promise<Buffer> {
  const declared = Number(response.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel();
    throw new OversizedBody(maxBytes);
  }
  if (!response.body) return Buffer.alloc(0);
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body) {
    size += chunk.byteLength;
    if (size > maxBytes) {
      await response.body.cancel().catch(() => undefined);
      throw new OversizedBody(maxBytes);
    }
    parts.push(Buffer.from(chunk));
  }
  return Buffer.concat(parts);
}

function host(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return "the peer";
  }
}

function describe(err: unknown, url: string): string {
  const cause = (err as { cause?: { code?: string } }).cause?.code;
  return `${host(url)} could not be reached${cause ? ` (${cause})` : ""}`;
}

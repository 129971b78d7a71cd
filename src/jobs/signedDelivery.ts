/**
 * One signed POST to an outside endpoint, as hand-offs and alerts send it: through the address
 * guard (no redirects), signed like the push webhook (HMAC-SHA256 of "<timestamp>.<body>" in
 * X-Parley-Signature) when a secret is given, with an Idempotency-Key the receiver can recognise
 * a retry by. The answer is sorted for the job's retries: delivered, worth another attempt (5xx,
 * 408, 429, a timeout or a broken connection), or refused for good (any other answer, an address
 * the guard refuses).
 */
import { isPeerError } from "../connectors/contract.ts";
import { createGuardedFetch, type FetchLike } from "../connectors/net/guardedFetch.ts";
import { signPush } from "../connectors/webhook/push.ts";

export type DeliveryOutcome =
  | { kind: "delivered"; status: number }
  | { kind: "retry"; reason: string }
  | { kind: "refused"; reason: string };

export interface SignedPost {
  url: string;
  body: string;
  /** Signs the body when given (chat tools' incoming webhooks take no signature). */
  secret?: string;
  /** X-Parley-Event. */
  event?: string;
  userAgent: string;
  idempotencyKey: string;
  attempt: number;
  /** Unix milliseconds the signature's timestamp is taken from. */
  now: number;
  allowPrivateNetwork: boolean;
  timeoutMs: number;
  signal: AbortSignal;
  /** Who is called, for the reasons ("The contact center"). */
  peer: string;
  fetch?: FetchLike;
}

export async function postSigned(req: SignedPost): Promise<DeliveryOutcome> {
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "user-agent": req.userAgent,
    "idempotency-key": req.idempotencyKey,
    "x-parley-attempt": String(req.attempt),
  };
  if (req.event) headers["x-parley-event"] = req.event;
  if (req.secret !== undefined) {
    const timestamp = String(Math.floor(req.now / 1000));
    headers["x-parley-timestamp"] = timestamp;
    headers["x-parley-signature"] = signPush(req.secret, timestamp, req.body);
  }
  const guarded = createGuardedFetch({
    allowPrivateNetwork: req.allowPrivateNetwork,
    ...(req.fetch ? { fetch: req.fetch } : {}),
    maxRedirects: 0,
  });
  let status: number;
  try {
    const response = await guarded.fetch(req.url, {
      method: "POST",
      headers,
      body: req.body,
      signal: AbortSignal.any([req.signal, AbortSignal.timeout(req.timeoutMs)]),
    });
    status = response.status;
    await response.body?.cancel().catch(() => undefined);
  } catch (err) {
    if (isPeerError(err) && err.kind === "refused") return { kind: "refused", reason: err.message };
    return {
      kind: "retry",
      reason:
        (err as Error).name === "TimeoutError"
          ? `${req.peer} did not answer within ${req.timeoutMs} ms`
          : `${req.peer} could not be reached: ${(err as Error).message}`,
    };
  } finally {
    await guarded.close();
  }
  if (status >= 200 && status < 300) return { kind: "delivered", status };
  const reason = `${req.peer} answered ${status}`;
  if (status < 500 && status !== 408 && status !== 429) return { kind: "refused", reason };
  return { kind: "retry", reason };
}

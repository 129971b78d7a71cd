/**
 * The push-ingest webhook: another system posts `{"posts": [...]}` (each post in the JSON Lines
 * import format) to `/api/sources/:id/push`, signed with the source's secret:
 *
 *   X-Parley-Timestamp: <unix seconds>
 *   X-Parley-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>">
 *   Idempotency-Key: <any string up to 200 characters> (optional)
 *
 * A timestamp outside the window is refused, so a captured request cannot be replayed later; a
 * repeated idempotency key gets the first answer and stores nothing again.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import type { NormalizedPost, Platform } from "../../domain/post.ts";
import { isParleyError, ParleyError } from "../../errors.ts";
import { normalizePost } from "../../pipeline/normalize.ts";
import type { ConnectorKind, Reject } from "../contract.ts";
import { jsonToDraft } from "../import/generic.ts";

export const PUSH_WINDOW_MS = 5 * 60_000;
export const PUSH_MAX_POSTS = 1000;

export const pushSettings = z
  .object({
    /** Platform of posts that name none. */
    defaultPlatform: z
      .enum(["webhook", "email", "review", "x", "facebook", "instagram", "youtube", "reddit"])
      .optional(),
  })
  .strict();

export const webhookKind: ConnectorKind<z.infer<typeof pushSettings>> = {
  kind: "webhook",
  label: "Signed webhook (push)",
  platform: "webhook",
  mode: "push",
  requireMatch: false,
  settings: pushSettings,
  credentials: ["signingSecret"],
};

export function newSigningSecret(): string {
  return `whsec_${randomBytes(32).toString("base64url")}`;
}

export function signPush(secret: string, timestamp: string, body: Buffer | string): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}.`).update(body).digest("hex")}`;
}

/** Checks the signature and the timestamp; throws `signature_invalid` or `signature_expired`. */
export function verifyPush(
  secret: string,
  headers: { timestamp?: string; signature?: string },
  body: Buffer,
  now: number,
  windowMs = PUSH_WINDOW_MS,
): void {
  const { timestamp, signature } = headers;
  if (!timestamp || !signature || !/^\d{1,12}$/.test(timestamp)) {
    throw new ParleyError("signature_invalid", "X-Parley-Timestamp and X-Parley-Signature are required");
  }
  const expected = Buffer.from(signPush(secret, timestamp, body));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    throw new ParleyError("signature_invalid");
  }
  if (Math.abs(now - Number(timestamp) * 1000) > windowMs) throw new ParleyError("signature_expired");
}

/** The posts of a push body, and a reject for each one that cannot be read; the good rest is kept. */
export function parsePush(
  body: Buffer,
  options: { now: Date; defaultPlatform?: Platform },
): { posts: NormalizedPost[]; rejects: (Reject & { index: number })[] } {
  let value: unknown;
  try {
    value = JSON.parse(body.toString("utf8"));
  } catch {
    throw new ParleyError("malformed_json");
  }
  const list = (value as { posts?: unknown })?.posts;
  if (!Array.isArray(list)) throw new ParleyError("validation_failed", 'The body must be {"posts": [...]}');
  if (list.length > PUSH_MAX_POSTS) {
    throw new ParleyError("payload_too_large", `At most ${PUSH_MAX_POSTS} posts per request`);
  }
  const posts: NormalizedPost[] = [];
  const rejects: (Reject & { index: number })[] = [];
  list.forEach((item, index) => {
    const reject = (code: string, reason: string) => {
      rejects.push({ index, code, reason, payload: JSON.stringify(item) ?? "" });
    };
    const draft = jsonToDraft(item, {
      defaultPlatform: options.defaultPlatform ?? "webhook",
      now: options.now,
    });
    if ("code" in draft) {
      reject(draft.code, draft.reason);
      return;
    }
    try {
      posts.push(normalizePost(draft));
    } catch (err) {
      if (!isParleyError(err)) throw err;
      reject(err.code, err.message);
    }
  });
  return { posts, rejects };
}

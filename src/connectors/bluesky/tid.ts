/**
 * A record key in the TID form Bluesky posts use (13 characters of sortable base32: 53 bits of
 * microseconds, 10 bits of clock id), made from a reply's idempotency key so that sending the
 * same reply again names the same record, which the PDS holds once. A UUIDv7 key lends its
 * milliseconds, so the key sorts by when the reply was written; the rest comes from a hash.
 */
import { createHash } from "node:crypto";

const ALPHABET = "234567abcdefghijklmnopqrstuvwxyz";
const UUID7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** 2024-01-01, where keys that carry no time of their own are spread from. */
const SPREAD_FROM_MS = 1_704_067_200_000;

export function tidFromKey(key: string): string {
  const hash = createHash("sha256").update(key).digest();
  const h = hash.readBigUInt64BE(0);
  let ms: bigint;
  if (UUID7.test(key)) ms = BigInt(Number.parseInt(key.replace(/-/g, "").slice(0, 12), 16));
  else ms = BigInt(SPREAD_FROM_MS) + (h % 63_072_000_000n);
  const micros = ms * 1000n + ((h >> 10n) % 1000n);
  const clockId = h & 1023n;
  let value = ((micros & ((1n << 53n) - 1n)) << 10n) | clockId;
  let out = "";
  for (let i = 0; i < 13; i++) {
    out = ALPHABET[Number(value & 31n)] + out;
    value >>= 5n;
  }
  return out;
}

/** A TID's form: 13 characters, the first of which keeps the top bit clear. */
export function isTid(rkey: string): boolean {
  return /^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$/.test(rkey);
}

/**
 * Time-ordered UUIDs (version 7, RFC 9562): 48 bits of milliseconds, then random bits. Rows made
 * together get neighbouring ids, so an index on the id grows at its right edge instead of
 * touching a random page per row; that is what keeps bulk writes fast as a table grows.
 */
import { randomFillSync } from "node:crypto";

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));
const POOL = 4096;
const pool = new Uint8Array(POOL);
let offset = POOL;
let lastMs = 0;
let sequence = 0;

export function uuid7(now = Date.now()): string {
  if (offset + 10 > POOL) {
    randomFillSync(pool);
    offset = 0;
  }
  // Within one millisecond a 12-bit counter keeps ids increasing.
  if (now <= lastMs) {
    sequence = (sequence + 1) & 0xfff;
    if (sequence === 0) lastMs += 1;
    now = lastMs;
  } else {
    lastMs = now;
    sequence = pool[offset]! & 0x7f;
  }
  const b = pool;
  const o = offset;
  offset += 10;
  const hi = Math.floor(now / 0x100000000);
  const lo = now >>> 0;
  return (
    HEX[(hi >>> 8) & 0xff]! +
    HEX[hi & 0xff]! +
    HEX[lo >>> 24]! +
    HEX[(lo >>> 16) & 0xff]! +
    "-" +
    HEX[(lo >>> 8) & 0xff]! +
    HEX[lo & 0xff]! +
    "-" +
    HEX[0x70 | (sequence >>> 8)]! +
    HEX[sequence & 0xff]! +
    "-" +
    HEX[0x80 | (b[o]! & 0x3f)]! +
    HEX[b[o + 1]!]! +
    "-" +
    HEX[b[o + 2]!]! +
    HEX[b[o + 3]!]! +
    HEX[b[o + 4]!]! +
    HEX[b[o + 5]!]! +
    HEX[b[o + 6]!]! +
    HEX[b[o + 7]!]!
  );
}

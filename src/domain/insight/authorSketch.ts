/**
 * A compact set of authors for one rollup bucket, mergeable across buckets so a day or a period
 * counts each voice once. Small sets stay exact (up to EXACT_LIMIT 32-bit hashes, 4 bytes each):
 * most hourly buckets hold a few authors, and exact counts there read as people expect. Past the
 * limit the set becomes a HyperLogLog of 2^P one-byte registers (512 bytes, about 4.6% standard
 * error), so a bucket never grows with its audience. Stored as base64 text on both dialects.
 */

const EXACT_LIMIT = 128;
const P = 9;
const M = 1 << P;
const ALPHA = 0.7213 / (1 + 1.079 / M);

export type AuthorSketch = { kind: "exact"; hashes: Set<number> } | { kind: "hll"; registers: Uint8Array };

/** 32-bit FNV-1a of an author id, then mixed so low and high bits both spread well. */
export function authorHash(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export function emptySketch(): AuthorSketch {
  return { kind: "exact", hashes: new Set() };
}

function toHll(hashes: Iterable<number>): Uint8Array {
  const registers = new Uint8Array(M);
  for (const h of hashes) addToRegisters(registers, h);
  return registers;
}

function addToRegisters(registers: Uint8Array, h: number): void {
  const index = h >>> (32 - P);
  const rest = (h << P) >>> 0;
  // Rank: position of the first 1 bit in the remaining 32-P bits, 1-based.
  const rank = rest === 0 ? 32 - P + 1 : Math.clz32(rest) + 1;
  if (rank > (registers[index] ?? 0)) registers[index] = rank;
}

/** Adds a hash in place; returns the sketch (which may have changed kind). */
export function addHash(sketch: AuthorSketch, h: number): AuthorSketch {
  if (sketch.kind === "hll") {
    addToRegisters(sketch.registers, h);
    return sketch;
  }
  sketch.hashes.add(h);
  if (sketch.hashes.size > EXACT_LIMIT) return { kind: "hll", registers: toHll(sketch.hashes) };
  return sketch;
}

/** The union of two sketches, as a new sketch (neither argument changes). */
export function mergeSketches(a: AuthorSketch, b: AuthorSketch): AuthorSketch {
  if (a.kind === "exact" && b.kind === "exact") {
    let out: AuthorSketch = { kind: "exact", hashes: new Set(a.hashes) };
    for (const h of b.hashes) out = addHash(out, h);
    return out;
  }
  const registers = a.kind === "hll" ? a.registers.slice() : toHll(a.hashes);
  if (b.kind === "hll") {
    for (let i = 0; i < M; i++) registers[i] = Math.max(registers[i] ?? 0, b.registers[i] ?? 0);
  } else {
    for (const h of b.hashes) addToRegisters(registers, h);
  }
  return { kind: "hll", registers };
}

/** Adds `b` into `target`, which may change (or be replaced): returns the union. For accumulating. */
export function mergeInto(target: AuthorSketch, b: AuthorSketch): AuthorSketch {
  if (target.kind === "exact" && b.kind === "exact") {
    let out: AuthorSketch = target;
    for (const h of b.hashes) out = addHash(out, h);
    return out;
  }
  const registers = target.kind === "hll" ? target.registers : toHll(target.hashes);
  if (b.kind === "hll") {
    for (let i = 0; i < M; i++) registers[i] = Math.max(registers[i] ?? 0, b.registers[i] ?? 0);
  } else {
    for (const h of b.hashes) addToRegisters(registers, h);
  }
  return target.kind === "hll" ? target : { kind: "hll", registers };
}

/** Distinct authors: exact for small sets, the HyperLogLog estimate (with small-range correction) past them. */
export function sketchCount(sketch: AuthorSketch): number {
  if (sketch.kind === "exact") return sketch.hashes.size;
  let sum = 0;
  let zeros = 0;
  for (let i = 0; i < M; i++) {
    const register = sketch.registers[i] ?? 0;
    sum += 2 ** -register;
    if (register === 0) zeros += 1;
  }
  const raw = (ALPHA * M * M) / sum;
  if (raw <= 2.5 * M && zeros > 0) return Math.round(M * Math.log(M / zeros));
  return Math.round(raw);
}

/** Text form: "e" + base64 of the big-endian hashes, or "h" + base64 of the registers. */
export function encodeSketch(sketch: AuthorSketch): string {
  if (sketch.kind === "hll") return `h${Buffer.from(sketch.registers).toString("base64")}`;
  const bytes = Buffer.alloc(sketch.hashes.size * 4);
  let offset = 0;
  for (const h of sketch.hashes) {
    bytes.writeUInt32BE(h, offset);
    offset += 4;
  }
  return `e${bytes.toString("base64")}`;
}

export function decodeSketch(text: string): AuthorSketch {
  const bytes = Buffer.from(text.slice(1), "base64");
  if (text[0] === "h") {
    if (bytes.length !== M) throw new Error("A stored author sketch has the wrong size");
    return { kind: "hll", registers: new Uint8Array(bytes) };
  }
  const hashes = new Set<number>();
  for (let offset = 0; offset + 4 <= bytes.length; offset += 4) hashes.add(bytes.readUInt32BE(offset));
  return { kind: "exact", hashes };
}

/**
 * A bounded, in-memory pre-filter for posts already seen, by (platform, id) and by URL. It saves the
 * store a write for the common re-delivery, but it forgets old posts and starts empty after a
 * restart: the store's unique key on (platform, platformId) stays the authority.
 */
import type { NormalizedPost } from "../domain/post.ts";

const TRACKING_PARAMS = new Set([
  "fbclid",
  "gclid",
  "igshid",
  "si",
  "ref_src",
  "ref_url",
  "mc_cid",
  "mc_eid",
]);

function isTracking(param: string): boolean {
  const eq = param.indexOf("=");
  const name = (eq < 0 ? param : param.slice(0, eq)).toLowerCase();
  return name.startsWith("utm_") || TRACKING_PARAMS.has(name);
}

/**
 * A URL reduced to what identifies the content: no scheme, `www.`, fragment, trailing slash or
 * tracking parameters, host lower-cased. Plain string work: `new URL()` costs more than this whole
 * stage should per post. Returns undefined for something that is not an http(s) URL.
 */
export function normalizeUrl(url: string): string | undefined {
  let start: number;
  if (url.startsWith("https://")) start = 8;
  else if (url.startsWith("http://")) start = 7;
  else return normalizeUrlSlow(url);
  let end = url.length;
  const hash = url.indexOf("#", start);
  if (hash >= 0) end = hash;
  const q = url.indexOf("?", start);
  const query = q >= 0 && q < end ? q : -1;
  const pathEnd = query >= 0 ? query : end;
  let slash = url.indexOf("/", start);
  if (slash < 0 || slash > pathEnd) slash = pathEnd;
  // Most URLs need none of the rewriting below: the key is then one slice of the URL, with no
  // lower-casing and no concatenation.
  if (query < 0 && plainHost(url, start, slash)) {
    return url.slice(start, pathEnd > slash && url.charCodeAt(pathEnd - 1) === 47 ? pathEnd - 1 : pathEnd);
  }
  let host = url.slice(start, slash).toLowerCase();
  if (host === "" || /\s/.test(host)) return undefined;
  if (host.startsWith("www.")) host = host.slice(4);
  let path = url.slice(slash, pathEnd);
  if (path.endsWith("/")) path = path.slice(0, -1);
  if (query < 0) return host + path;
  const kept = url
    .slice(query + 1, end)
    .split("&")
    .filter((p) => p && !isTracking(p));
  return kept.length > 0 ? `${host}${path}?${kept.join("&")}` : host + path;
}

/** A non-empty host of lower-case letters, digits, `.`, `-` and `:` that does not start with www. */
function plainHost(url: string, start: number, end: number): boolean {
  if (end === start || url.startsWith("www.", start)) return false;
  for (let i = start; i < end; i++) {
    const c = url.charCodeAt(i);
    if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 58) || c === 46 || c === 45)) return false;
  }
  return true;
}

/** Upper-case schemes and leading spaces are rare enough to take the slower road. */
function normalizeUrlSlow(url: string): string | undefined {
  const m = /^\s*(https?):\/\//i.exec(url);
  if (!m) return undefined;
  return normalizeUrl(`${m[1]!.toLowerCase()}://${url.slice(m[0].length).trimEnd()}`);
}

/**
 * A table of 64-bit fingerprints (two 32-bit hashes of the key) with open addressing in a typed
 * array: no string is kept, so it costs 16 bytes a slot instead of a hundred a key, and adding a
 * key allocates nothing. Two keys share a fingerprint with a chance of about one in 2^64 per pair;
 * the store's unique key stays the final word on what is stored.
 */
class FingerprintTable {
  private readonly slots: Uint32Array;
  private readonly mask: number;
  size = 0;

  constructor(keys: number) {
    let length = 16;
    while (length < keys * 2) length *= 2;
    this.slots = new Uint32Array(length * 2);
    this.mask = length - 1;
  }

  /** Adds the fingerprint; returns true when it was already there. */
  add(h1: number, h2: number): boolean {
    const { slots, mask } = this;
    for (let i = h1 & mask; ; i = (i + 1) & mask) {
      const a = slots[2 * i]!;
      const b = slots[2 * i + 1]!;
      if (a === 0 && b === 0) {
        slots[2 * i] = h1;
        slots[2 * i + 1] = h2;
        this.size += 1;
        return false;
      }
      if (a === h1 && b === h2) return true;
    }
  }

  has(h1: number, h2: number): boolean {
    const { slots, mask } = this;
    for (let i = h1 & mask; ; i = (i + 1) & mask) {
      const a = slots[2 * i]!;
      const b = slots[2 * i + 1]!;
      if (a === 0 && b === 0) return false;
      if (a === h1 && b === h2) return true;
    }
  }
}

let h1 = 0;
let h2 = 0;
/** Two independent 32-bit hashes of the key into h1, h2 (never both zero: that marks a free slot). */
function fingerprint(key: string): void {
  let a = 0x811c9dc5;
  let b = 0x2545f491 ^ key.length;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 13;
  }
  a ^= a >>> 16;
  a = Math.imul(a, 0x85ebca6b);
  a ^= a >>> 13;
  a = Math.imul(a, 0xc2b2ae35);
  a ^= a >>> 16;
  b ^= b >>> 15;
  b = Math.imul(b, 0x2c1b3c6d);
  b ^= b >>> 12;
  h1 = a >>> 0;
  h2 = b >>> 0 || 1;
}

/**
 * Two generations of fingerprint tables: when the current one fills, it becomes the previous one
 * and the oldest generation is dropped whole. Memory stays fixed (about 32 bytes per key of
 * capacity) without per-hit LRU bookkeeping, and every key is remembered for at least capacity/2
 * insertions.
 */
export class SeenSet {
  private current: FingerprintTable;
  private previous: FingerprintTable;
  private readonly generationSize: number;

  constructor(capacity: number) {
    this.generationSize = Math.max(1, Math.floor(capacity / 2));
    this.current = new FingerprintTable(this.generationSize);
    this.previous = new FingerprintTable(1);
  }

  has(key: string): boolean {
    fingerprint(key);
    return this.current.has(h1, h2) || this.previous.has(h1, h2);
  }

  /** Records the key; returns true when it was already known. */
  checkAndAdd(key: string): boolean {
    if (this.current.size >= this.generationSize) {
      this.previous = this.current;
      this.current = new FingerprintTable(this.generationSize);
    }
    fingerprint(key);
    // A key found only in the previous generation is added to the current one too, so a key seen
    // again and again is not forgotten at the next rotation.
    return this.current.add(h1, h2) || this.previous.has(h1, h2);
  }

  get size(): number {
    return this.current.size + this.previous.size;
  }
}

export interface DedupeOptions {
  /**
   * Keys remembered for URLs and for the ids of each platform; default 1,000,000, which takes
   * about 32 MB per platform in use.
   */
  capacity?: number;
}

export class PostDeduper {
  // One id set per platform: the post id is then the key as it came, with no string to build.
  private readonly ids = new Map<string, SeenSet>();
  private readonly urls: SeenSet;
  private readonly capacity: number;

  constructor(options: DedupeOptions = {}) {
    this.capacity = options.capacity ?? 1_000_000;
    this.urls = new SeenSet(this.capacity);
  }

  /**
   * True when the post was seen before, by id or by URL; otherwise remembers it and returns false.
   * Both keys are always recorded, so a later copy under either one is caught.
   */
  isDuplicate(post: NormalizedPost): boolean {
    let ids = this.ids.get(post.platform);
    if (!ids) {
      ids = new SeenSet(this.capacity);
      this.ids.set(post.platform, ids);
    }
    const byId = ids.checkAndAdd(post.platformId);
    const url = post.url === undefined ? undefined : normalizeUrl(post.url);
    const byUrl = url !== undefined && this.urls.checkAndAdd(url);
    return byId || byUrl;
  }
}

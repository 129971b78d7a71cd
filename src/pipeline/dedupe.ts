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
 * Two generations of sets: when the current one fills, it becomes the previous one and the oldest
 * generation is dropped whole. Memory stays under `capacity` keys without per-hit LRU bookkeeping,
 * and every key is remembered for at least capacity/2 insertions.
 */
export class SeenSet {
  private current = new Set<string>();
  private previous = new Set<string>();
  private readonly generationSize: number;

  constructor(capacity: number) {
    this.generationSize = Math.max(1, Math.floor(capacity / 2));
  }

  has(key: string): boolean {
    return this.current.has(key) || this.previous.has(key);
  }

  /** Records the key; returns true when it was already known. */
  checkAndAdd(key: string): boolean {
    if (this.current.size >= this.generationSize) {
      this.previous = this.current;
      this.current = new Set();
    }
    // Adding first and comparing sizes costs one hash operation for a new key instead of two.
    // A key found only in the previous generation is thereby promoted, so a key seen again and
    // again is not forgotten at the next rotation.
    const before = this.current.size;
    this.current.add(key);
    return this.current.size === before || this.previous.has(key);
  }

  get size(): number {
    return this.current.size + this.previous.size;
  }
}

export interface DedupeOptions {
  /**
   * Keys remembered for URLs and for the ids of each platform; default 1,000,000, which holds
   * roughly 100 MB per platform in use at most.
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

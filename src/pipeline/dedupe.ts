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
  const m = /^\s*https?:\/\/([^/?#\s]+)([^#\s]*)/i.exec(url);
  if (!m) return undefined;
  let host = m[1]!.toLowerCase();
  if (host.startsWith("www.")) host = host.slice(4);
  const rest = m[2]!;
  const q = rest.indexOf("?");
  let path = q < 0 ? rest : rest.slice(0, q);
  if (path.endsWith("/")) path = path.slice(0, -1);
  if (q < 0) return host + path;
  const kept = rest
    .slice(q + 1)
    .split("&")
    .filter((p) => p && !isTracking(p));
  return kept.length > 0 ? `${host}${path}?${kept.join("&")}` : host + path;
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
    if (this.current.has(key)) return true;
    if (this.previous.has(key)) {
      // Promote so a key seen again and again is not forgotten at the next rotation.
      this.add(key);
      return true;
    }
    this.add(key);
    return false;
  }

  get size(): number {
    return this.current.size + this.previous.size;
  }

  private add(key: string): void {
    if (this.current.size >= this.generationSize) {
      this.previous = this.current;
      this.current = new Set();
    }
    this.current.add(key);
  }
}

export interface DedupeOptions {
  /** Keys remembered per kind (ids and URLs); default 1,000,000, roughly 100–150 MB at most. */
  capacity?: number;
}

export class PostDeduper {
  private readonly ids: SeenSet;
  private readonly urls: SeenSet;

  constructor(options: DedupeOptions = {}) {
    const capacity = options.capacity ?? 1_000_000;
    this.ids = new SeenSet(capacity);
    this.urls = new SeenSet(capacity);
  }

  /**
   * True when the post was seen before, by id or by URL; otherwise remembers it and returns false.
   * Both keys are always recorded, so a later copy under either one is caught.
   */
  isDuplicate(post: NormalizedPost): boolean {
    const byId = this.ids.checkAndAdd(`${post.platform}:${post.platformId}`);
    const url = post.url === undefined ? undefined : normalizeUrl(post.url);
    const byUrl = url !== undefined && this.urls.checkAndAdd(url);
    return byId || byUrl;
  }
}

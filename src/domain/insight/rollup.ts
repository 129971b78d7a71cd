/**
 * Rollup buckets: what one stored post adds to the hourly and daily (UTC) figures. A bucket is
 * (grain, start, scope, dimension, key): the scope is the filter it answers ("all", or one campaign, platform, language
 * or topic), the dimension what a chart splits by. Pure: the job reads posts, this says which
 * buckets they feed, the store merges them.
 */
import {
  type AuthorSketch,
  addHash,
  authorHash,
  emptySketch,
  mergeSketches,
  mergeInto as mergeSketchInto,
} from "./authorSketch.ts";

export const HOUR_MS = 60 * 60_000;
export const DAY_MS = 24 * HOUR_MS;

export const GRAINS = ["hour", "day"] as const;
export type Grain = (typeof GRAINS)[number];

export function startOf(at: Date | number, grain: Grain): Date {
  const size = grain === "hour" ? HOUR_MS : DAY_MS;
  return new Date(Math.floor(new Date(at).getTime() / size) * size);
}

export const DIMENSIONS = [
  "total",
  "intent",
  "topic",
  "sentiment",
  "platform",
  "language",
  "campaign",
  "voice",
] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export const FILTERS = ["campaign", "platform", "language", "topic"] as const;
export type FilterKind = (typeof FILTERS)[number];

/** What the rollups need of a post. */
export interface RollupPost {
  id: string;
  authorId: string;
  postedAt: Date;
  direction: string;
  intent: string;
  topic: string | null;
  sentiment: string;
  platform: string;
  language: string | null;
  campaignIds: readonly string[];
}

export interface BucketDelta {
  grain: Grain;
  start: Date;
  scope: string;
  dimension: Dimension;
  key: string;
  /** Posts added; negative when posts are taken back. */
  posts: number;
  /** Authors added. */
  sketch: AuthorSketch;
  /**
   * Author hashes taken out of the bucket before `sketch` is added: authors none of whose counted
   * posts are left in it. Only an exact set can lose a member; a bucket past the exact limit keeps
   * its HyperLogLog estimate, which cannot.
   */
  drop?: readonly number[];
}

/**
 * What a post was counted under, as the post keeps it (`posts.rolled_up`): its labels, and the
 * language, campaigns and direction an edit at the source may change, so a later change of any of
 * them takes the post out of exactly the buckets it was added to.
 */
export interface CountedLabels {
  intent: string;
  sentiment: string;
  topic: string | null;
  language: string | null;
  campaignIds: readonly string[];
  direction: string;
}

export function encodeCounted(labels: CountedLabels): string {
  return JSON.stringify([
    labels.intent,
    labels.sentiment,
    labels.topic,
    labels.language,
    [...labels.campaignIds].sort(),
    labels.direction,
  ]);
}

/**
 * The labels a post was counted under. Marks written before they kept the language, campaigns and
 * direction hold the labels only: the post's own values (`current`) stand in for the rest.
 */
export function decodeCounted(
  text: string,
  current: Pick<CountedLabels, "language" | "campaignIds" | "direction">,
): CountedLabels {
  const [intent, sentiment, topic, language, campaignIds, direction] = JSON.parse(text) as [
    string,
    string,
    string | null,
    (string | null)?,
    string[]?,
    string?,
  ];
  return {
    intent,
    sentiment,
    topic,
    language: language === undefined ? current.language : language,
    campaignIds: campaignIds ?? current.campaignIds,
    direction: direction ?? current.direction,
  };
}

/** A post's labels as the rollups count them: an agent's correction wins over the model's label. */
export function effectiveLabels(
  model: CountedLabels,
  correction: { intent?: string; sentiment?: string; topic?: string } | null,
): CountedLabels {
  return {
    ...model,
    intent: correction?.intent ?? model.intent,
    sentiment: correction?.sentiment ?? model.sentiment,
    topic: correction?.topic ?? model.topic,
  };
}

/** One bucket's identity, for merging deltas that land in the same bucket. */
export function bucketId(d: {
  grain: string;
  start: Date;
  scope: string;
  dimension: string;
  key: string;
}): string {
  return `${d.grain}\u0000${d.start.getTime()}\u0000${d.scope}\u0000${d.dimension}\u0000${d.key}`;
}

/** The key a filter scope is stored under, e.g. `campaign:…`, `language:fr`; "all" without one. */
export function scopeOf(filter: { kind: FilterKind; value: string } | null): string {
  return filter ? `${filter.kind}:${filter.value}` : "all";
}

const NO_TOPIC = "none";
const UNKNOWN_LANGUAGE = "und";

/** The value of each dimension for a post; campaigns give one key per campaign. */
function dimensionKeys(post: RollupPost, competitorCampaignId: string | null): [Dimension, string][] {
  const keys: [Dimension, string][] = [
    ["total", ""],
    ["intent", post.intent],
    ["topic", post.topic ?? NO_TOPIC],
    ["sentiment", post.sentiment],
    ["platform", post.platform],
    ["language", post.language ?? UNKNOWN_LANGUAGE],
    [
      "voice",
      competitorCampaignId && post.campaignIds.includes(competitorCampaignId) ? "competitor" : "brand",
    ],
  ];
  for (const id of post.campaignIds) keys.push(["campaign", id]);
  return keys;
}

function scopesOf(post: RollupPost): string[] {
  const scopes = [
    "all",
    scopeOf({ kind: "platform", value: post.platform }),
    scopeOf({ kind: "language", value: post.language ?? UNKNOWN_LANGUAGE }),
    scopeOf({ kind: "topic", value: post.topic ?? NO_TOPIC }),
  ];
  for (const id of post.campaignIds) scopes.push(scopeOf({ kind: "campaign", value: id }));
  return scopes;
}

/**
 * The buckets a batch of posts adds to, merged within the batch. The brand's own posts are not
 * voices and count nowhere.
 */
export function bucketDeltas(
  posts: readonly RollupPost[],
  competitorCampaignId: string | null,
): BucketDelta[] {
  const byKey = new Map<string, BucketDelta>();
  addToBuckets(byKey, posts, competitorCampaignId);
  return [...byKey.values()];
}

/**
 * `bucketDeltas` a part at a time: adds the posts to the buckets of `byKey` (by `bucketId`), so a
 * large batch can be counted in parts with the event loop turning between them.
 */
export function addToBuckets(
  byKey: Map<string, BucketDelta>,
  posts: readonly RollupPost[],
  competitorCampaignId: string | null,
): void {
  for (const post of posts) {
    if (post.direction === "from_brand") continue;
    const author = authorHash(post.authorId);
    const dims = dimensionKeys(post, competitorCampaignId);
    for (const grain of GRAINS) {
      const start = startOf(post.postedAt, grain);
      for (const scope of scopesOf(post)) {
        for (const [dimension, key] of dims) {
          const id = bucketId({ grain, start, scope, dimension, key });
          let delta = byKey.get(id);
          if (!delta) {
            delta = { grain, start, scope, dimension, key, posts: 0, sketch: emptySketch() };
            byKey.set(id, delta);
          }
          delta.posts += 1;
          delta.sketch = addHash(delta.sketch, author);
        }
      }
    }
  }
}

/**
 * What taking posts back out of the rollups changes: each bucket they fed loses them, and loses
 * their author where none of `remaining` (the same authors' other counted posts that stay) is in
 * that bucket too.
 */
export function retractDeltas(
  retracted: readonly RollupPost[],
  remaining: readonly RollupPost[],
  competitorCampaignId: string | null,
): BucketDelta[] {
  const kept = new Map<string, AuthorSketch>();
  for (const d of bucketDeltas(remaining, competitorCampaignId)) kept.set(bucketId(d), d.sketch);
  return bucketDeltas(retracted, competitorCampaignId).map((d) => {
    const left = kept.get(bucketId(d));
    const hashes = d.sketch.kind === "exact" ? [...d.sketch.hashes] : [];
    return {
      ...d,
      posts: -d.posts,
      sketch: emptySketch(),
      drop: hashes.filter((h) => !(left?.kind === "exact" ? left.hashes.has(h) : left !== undefined)),
    };
  });
}

/** Deltas merged per bucket: counts summed, drops taken before additions. */
export function combineDeltas(...lists: readonly (readonly BucketDelta[])[]): BucketDelta[] {
  const byId = new Map<string, BucketDelta>();
  for (const list of lists) {
    for (const d of list) {
      const id = bucketId(d);
      const before = byId.get(id);
      if (!before) {
        byId.set(id, { ...d, sketch: mergeSketches(emptySketch(), d.sketch), drop: [...(d.drop ?? [])] });
        continue;
      }
      let sketch = before.sketch;
      for (const h of d.drop ?? []) {
        if (sketch.kind === "exact") sketch.hashes.delete(h);
      }
      sketch = mergeSketchInto(sketch, d.sketch);
      byId.set(id, {
        ...before,
        posts: before.posts + d.posts,
        sketch,
        drop: [...(before.drop ?? []), ...(d.drop ?? [])],
      });
    }
  }
  return [...byId.values()];
}

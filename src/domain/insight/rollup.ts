/**
 * Rollup buckets: what one stored post adds to the hourly and daily (UTC) figures. A bucket is
 * (grain, start, scope, dimension, key): the scope is the filter it answers ("all", or one campaign, platform, language
 * or topic), the dimension what a chart splits by. Pure: the job reads posts, this says which
 * buckets they feed, the store merges them.
 */
import { type AuthorSketch, addHash, authorHash, emptySketch } from "./authorSketch.ts";

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
  posts: number;
  sketch: AuthorSketch;
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
  for (const post of posts) {
    if (post.direction === "from_brand") continue;
    const author = authorHash(post.authorId);
    const dims = dimensionKeys(post, competitorCampaignId);
    for (const grain of GRAINS) {
      const start = startOf(post.postedAt, grain);
      for (const scope of scopesOf(post)) {
        for (const [dimension, key] of dims) {
          const id = `${grain}\u0000${start.getTime()}\u0000${scope}\u0000${dimension}\u0000${key}`;
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
  return [...byKey.values()];
}

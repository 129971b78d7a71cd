/**
 * Trend series from hourly rollup rows: per key, one point per hour or per day (UTC), in posts
 * and in distinct authors. A day's authors are the union of its hours' sketches, so one author
 * posting every hour is one voice that day, not twenty-four.
 */
import { type AuthorSketch, decodeSketch, emptySketch, mergeSketches, sketchCount } from "./authorSketch.ts";
import { HOUR_MS } from "./rollup.ts";

export const DAY_MS = 24 * HOUR_MS;
export type Interval = "hour" | "day";

export interface RollupCell {
  hour: Date;
  key: string;
  posts: number;
  authors: number;
  sketch: string;
}

export interface TrendPoint {
  at: string;
  posts: number;
  authors: number;
}

export interface TrendSeries {
  key: string;
  posts: number;
  authors: number;
  points: TrendPoint[];
}

export function bucketStart(at: number, interval: Interval): number {
  const size = interval === "hour" ? HOUR_MS : DAY_MS;
  return Math.floor(at / size) * size;
}

/** Every bucket start in [from, to), so a quiet hour shows as zero, not as a gap. */
export function bucketStarts(from: Date, to: Date, interval: Interval): number[] {
  const size = interval === "hour" ? HOUR_MS : DAY_MS;
  const out: number[] = [];
  for (let t = bucketStart(from.getTime(), interval); t < to.getTime(); t += size) out.push(t);
  return out;
}

/** Series ordered by distinct authors over the whole range, then posts; the period's authors are a union too. */
export function trendSeries(
  rows: readonly RollupCell[],
  from: Date,
  to: Date,
  interval: Interval,
): TrendSeries[] {
  const starts = bucketStarts(from, to, interval);
  const index = new Map(starts.map((t, i) => [t, i]));
  const byKey = new Map<string, { posts: number[]; sketches: (AuthorSketch | null)[] }>();
  for (const row of rows) {
    const i = index.get(bucketStart(row.hour.getTime(), interval));
    if (i === undefined) continue;
    let entry = byKey.get(row.key);
    if (!entry) {
      entry = {
        posts: new Array(starts.length).fill(0),
        sketches: new Array(starts.length).fill(null),
      };
      byKey.set(row.key, entry);
    }
    entry.posts[i] = (entry.posts[i] ?? 0) + row.posts;
    const sketch = decodeSketch(row.sketch);
    const before = entry.sketches[i];
    entry.sketches[i] = before ? mergeSketches(before, sketch) : sketch;
  }
  const series: TrendSeries[] = [];
  for (const [key, entry] of byKey) {
    let all = emptySketch();
    const points = starts.map((t, i) => {
      const sketch = entry.sketches[i];
      if (sketch) all = mergeSketches(all, sketch);
      return {
        at: new Date(t).toISOString(),
        posts: entry.posts[i] ?? 0,
        authors: sketch ? sketchCount(sketch) : 0,
      };
    });
    series.push({ key, posts: entry.posts.reduce((a, b) => a + b, 0), authors: sketchCount(all), points });
  }
  return series.sort((a, b) => b.authors - a.authors || b.posts - a.posts || a.key.localeCompare(b.key));
}

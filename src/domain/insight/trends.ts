/**
 * Trend series from rollup rows of one grain: per key, one point per hour or per day (UTC), in
 * posts and in distinct authors. A day's authors come from its daily sketch, so one author
 * posting every hour is one voice that day, not twenty-four; the period's authors are the union
 * of its buckets' sketches.
 */
import { type AuthorSketch, decodeSketch, emptySketch, mergeInto, sketchCount } from "./authorSketch.ts";
import { DAY_MS, type Grain, HOUR_MS, startOf } from "./rollup.ts";

export type Interval = Grain;

export interface RollupCell {
  start: Date;
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

/** Every bucket start in [from, to), so a quiet hour shows as zero, not as a gap. */
export function bucketStarts(from: Date, to: Date, interval: Interval): number[] {
  const size = interval === "hour" ? HOUR_MS : DAY_MS;
  const out: number[] = [];
  for (let t = startOf(from, interval).getTime(); t < to.getTime(); t += size) out.push(t);
  return out;
}

/** Series ordered by distinct authors over the whole range, then posts, then key. */
export function trendSeries(
  rows: readonly RollupCell[],
  from: Date,
  to: Date,
  interval: Interval,
): TrendSeries[] {
  const starts = bucketStarts(from, to, interval);
  const index = new Map(starts.map((t, i) => [t, i]));
  const byKey = new Map<string, { points: TrendPoint[]; posts: number; all: AuthorSketch }>();
  for (const row of rows) {
    const i = index.get(row.start.getTime());
    if (i === undefined) continue;
    let entry = byKey.get(row.key);
    if (!entry) {
      entry = {
        points: starts.map((t) => ({ at: new Date(t).toISOString(), posts: 0, authors: 0 })),
        posts: 0,
        all: emptySketch(),
      };
      byKey.set(row.key, entry);
    }
    const point = entry.points[i] as TrendPoint;
    point.posts += row.posts;
    point.authors = row.authors;
    entry.posts += row.posts;
    entry.all = mergeInto(entry.all, decodeSketch(row.sketch));
  }
  const series: TrendSeries[] = [];
  for (const [key, entry] of byKey) {
    series.push({ key, posts: entry.posts, authors: sketchCount(entry.all), points: entry.points });
  }
  return series.sort((a, b) => b.authors - a.authors || b.posts - a.posts || a.key.localeCompare(b.key));
}

/** Insight figures. Trends count voices (distinct authors) beside volume, so one loud author is one voice. */

import type { Clock } from "../domain/clock.ts";
import type { ExportFormat, ExportKind } from "../domain/insight/exportFormat.ts";
import { careKpis } from "../domain/insight/kpis.ts";
import {
  type Dimension,
  type FilterKind,
  HOUR_MS,
  DAY_MS as ONE_DAY,
  scopeOf,
  startOf,
} from "../domain/insight/rollup.ts";
import {
  DEFAULT_SPIKE_SETTINGS,
  detectSpikes,
  explainSpike,
  hourIndex,
  WEEK_HOURS,
} from "../domain/insight/spikes.ts";
import { type Interval, trendSeries } from "../domain/insight/trends.ts";
import type { Store } from "../store/index.ts";
import { exportAlertRules, exportAlerts } from "./alertExports.ts";
import type { Principal } from "./auth.ts";
import { exportConversations, exportPosts } from "./exports.ts";

const DAY_MS = 24 * 60 * 60 * 1000;

export interface TrendQuery {
  dimension: Dimension;
  interval: Interval;
  from: Date;
  to: Date;
  /** At most one: the rollups keep one filter per bucket. */
  filter: { kind: FilterKind; value: string } | null;
  /** The series kept, largest first (the rest are left out). */
  limit: number;
}

export type SpikeDimension = "topic" | "intent" | "sentiment";

/**
 * The spikes of one dimension in the hour starting at `hour`, from the hourly rollups (authors
 * per key over the weeks the usual level is taken from), each with why: words, authors, posts.
 */
export async function spikesInHour(store: Store, workspaceId: string, dimension: SpikeDimension, hour: Date) {
  const weeks = DEFAULT_SPIKE_SETTINGS.weeks;
  const from = new Date(hour.getTime() - (weeks * WEEK_HOURS + 1) * HOUR_MS);
  const to = new Date(hour.getTime() + HOUR_MS);
  const rows = await store.rollups.range(workspaceId, "all", dimension, "hour", from, to);
  const length = weeks * WEEK_HOURS + 2;
  const series = new Map<string, number[]>();
  for (const row of rows) {
    let counts = series.get(row.key);
    if (!counts) {
      counts = new Array(length).fill(0);
      series.set(row.key, counts);
    }
    counts[hourIndex(from, row.start)] = row.authors;
  }
  const spikes = [];
  for (const v of detectSpikes(series, length - 1)) {
    const match = dimension === "topic" ? { topic: v.key === "none" ? null : v.key } : { [dimension]: v.key };
    const posts = await store.insights.postsBehind(workspaceId, hour, to, match, 500);
    const reason = explainSpike(
      posts.map((p) => ({
        id: p.id,
        authorId: p.author ?? p.id,
        authorHandle: p.author ?? "",
        text: p.text,
        postedAt: p.postedAt,
      })),
    );
    spikes.push({ ...v, ...reason });
  }
  return spikes;
}

export function insightService(store: Store, clock: Clock) {
  return {
    now: () => clock.now(),

    async voices(principal: Principal, days: number, now = new Date()) {
      const from = new Date(now.getTime() - days * DAY_MS);
      const { total, byIntent, byTopic } = await store.insights.voices(principal.workspace.id, from, now);
      return {
        from: from.toISOString(),
        to: now.toISOString(),
        total: { posts: total.posts, authors: total.authors },
        byIntent: byIntent.map((r) => ({ intent: r.key ?? "other", posts: r.posts, authors: r.authors })),
        byTopic: byTopic.map((r) => ({ topic: r.key, posts: r.posts, authors: r.authors })),
      };
    },

    /** Series by hour or day from the rollups; the posts table is not read. */
    async trends(principal: Principal, query: TrendQuery) {
      const rows = await store.rollups.range(
        principal.workspace.id,
        scopeOf(query.filter),
        query.dimension,
        query.interval,
        startOf(query.from, query.interval),
        query.to,
      );
      const series = trendSeries(rows, query.from, query.to, query.interval);
      return {
        dimension: query.dimension,
        interval: query.interval,
        from: query.from.toISOString(),
        to: query.to.toISOString(),
        filter: query.filter,
        series: series.slice(0, query.limit),
        more: Math.max(0, series.length - query.limit),
      };
    },

    /** An export's lines, streamed; recorded in the audit log (it carries customers' posts out). */
    async export(principal: Principal, what: ExportKind, format: ExportFormat, from: Date, to: Date) {
      await store.audit.record({
        workspaceId: principal.workspace.id,
        actorUserId: principal.user.id,
        action: `insight.export_${what.replace("-", "_")}`,
        subjectType: "workspace",
        subjectId: principal.workspace.id,
        detail: { format, from: from.toISOString(), to: to.toISOString() },
      });
      const workspaceId = principal.workspace.id;
      if (what === "alert-rules") return exportAlertRules(store, workspaceId, format);
      if (what === "alerts") return exportAlerts(store, workspaceId, format, from, to);
      const make = what === "posts" ? exportPosts : exportConversations;
      return make(store, workspaceId, format, from, to);
    },

    /**
     * The posts behind one point of a trend (a drill-down reads posts, not rollups: one bucket's
     * worth at most `limit`). Campaign and share-of-voice keys are matched on the posts' campaigns.
     */
    async postsBehind(
      principal: Principal,
      q: {
        dimension: Dimension;
        key: string;
        at: Date;
        interval: Interval;
        filter: TrendQuery["filter"];
        limit: number;
      },
    ) {
      const from = startOf(q.at, q.interval);
      const to = new Date(from.getTime() + (q.interval === "hour" ? HOUR_MS : ONE_DAY));
      const match: Record<string, string | null> = {};
      const campaigns: string[] = [];
      let voice: string | null = null;
      const put = (dimension: string, key: string) => {
        if (dimension === "campaign") campaigns.push(key);
        else if (dimension === "voice") voice = key;
        else if (dimension === "topic") match.topic = key === "none" ? null : key;
        else if (dimension === "language") match.language = key === "und" ? null : key;
        else if (dimension !== "total") match[dimension] = key;
      };
      put(q.dimension, q.key);
      if (q.filter) put(q.filter.kind, q.filter.value);
      const rival = voice ? principal.workspace.competitorCampaignId : null;
      // Campaign and voice are matched here, so more rows are read than kept.
      const scanned = campaigns.length > 0 || voice ? q.limit * 10 : q.limit;
      const rows = await store.insights.postsBehind(principal.workspace.id, from, to, match, scanned);
      const kept = rows.filter(
        (r) =>
          campaigns.every((c) => r.campaignIds.includes(c)) &&
          (voice === null || (voice === "competitor") === (rival !== null && r.campaignIds.includes(rival))),
      );
      return {
        from: from.toISOString(),
        to: to.toISOString(),
        posts: kept.slice(0, q.limit).map((r) => ({
          id: r.id,
          postedAt: r.postedAt.toISOString(),
          text: r.text,
          author: r.author ?? "",
          conversationId: r.conversationId,
          workItemId: r.workItemId,
          intent: r.intent,
          sentiment: r.sentiment,
          topic: r.topic,
        })),
      };
    },

    /**
     * Spikes in the hour that holds `at` (default: now) for one dimension, against the usual level
     * for that hour of the week, in distinct authors; each with why (words, authors, posts).
     */
    async spikes(principal: Principal, dimension: SpikeDimension, at?: Date) {
      const hour = startOf(at ?? new Date(clock.now()), "hour");
      return {
        dimension,
        hour: hour.toISOString(),
        spikes: await spikesInHour(store, principal.workspace.id, dimension, hour),
      };
    },

    async kpis(principal: Principal, from: Date, to: Date) {
      const now = new Date(clock.now());
      const id = principal.workspace.id;
      const [created, open, perAgent, outcomes, answers] = await Promise.all([
        store.insights.itemTimings(id, from, to),
        store.insights.openSince(id),
        store.insights.handledPerAgent(id, from, to),
        store.sla.outcomes(id, from, to),
        store.engagement.surveys.answered(id, from, to),
      ]);
      return {
        from: from.toISOString(),
        to: to.toISOString(),
        ...careKpis(
          created,
          open,
          perAgent,
          now,
          outcomes,
          answers.map((a) => a.score),
        ),
      };
    },
  };
}

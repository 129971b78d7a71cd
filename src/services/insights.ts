/** Insight figures. Trends count voices (distinct authors) beside volume, so one loud author is one voice. */

import type { Clock } from "../domain/clock.ts";
import type { ExportFormat } from "../domain/insight/exportFormat.ts";
import { careKpis } from "../domain/insight/kpis.ts";
import { type Dimension, type FilterKind, scopeOf, startOf } from "../domain/insight/rollup.ts";
import { type Interval, trendSeries } from "../domain/insight/trends.ts";
import type { Store } from "../store/index.ts";
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
    async export(
      principal: Principal,
      what: "posts" | "conversations",
      format: ExportFormat,
      from: Date,
      to: Date,
    ) {
      await store.audit.record({
        workspaceId: principal.workspace.id,
        actorUserId: principal.user.id,
        action: `insight.export_${what}`,
        subjectType: "workspace",
        subjectId: principal.workspace.id,
        detail: { format, from: from.toISOString(), to: to.toISOString() },
      });
      const make = what === "posts" ? exportPosts : exportConversations;
      return make(store, principal.workspace.id, format, from, to);
    },

    async kpis(principal: Principal, from: Date, to: Date) {
      const now = new Date(clock.now());
      const id = principal.workspace.id;
      const [created, open, perAgent] = await Promise.all([
        store.insights.itemTimings(id, from, to),
        store.insights.openSince(id),
        store.insights.handledPerAgent(id, from, to),
      ]);
      return { from: from.toISOString(), to: to.toISOString(), ...careKpis(created, open, perAgent, now) };
    },
  };
}

/** Insight: trend series from the rollups and the care KPIs. */
import { Readable } from "node:stream";
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { EXPORT_KINDS, type ExportKind } from "../../domain/insight/exportFormat.ts";
import { DIMENSIONS, FILTERS, type FilterKind } from "../../domain/insight/rollup.ts";
import type { Role } from "../../domain/views.ts";
import { ParleyError } from "../../errors.ts";
import type { Services } from "../../services/index.ts";
import { caller, EVERYONE } from "../auth.ts";
import { describe } from "../routeSchema.ts";
import { parse } from "../validate.ts";

const DAY_MS = 24 * 60 * 60_000;
/** The longest range per interval: hourly for a month, daily for a bit more than a year. */
const MAX_DAYS = { hour: 31, day: 400 } as const;

const period = {
  /** Start (inclusive) and end (exclusive), ISO 8601 with Z; without them, the last `days` days. */
  from: z.iso.datetime().optional(),
  to: z.iso.datetime().optional(),
  days: z.coerce.number().int().min(1).max(400).optional(),
};

const trendsQuery = z
  .object({
    dimension: z.enum(DIMENSIONS).default("total"),
    interval: z.enum(["hour", "day"]).default("day"),
    ...period,
    campaign: z.uuid().optional(),
    platform: z.string().min(1).max(50).optional(),
    language: z.string().min(1).max(20).optional(),
    topic: z.string().min(1).max(100).optional(),
    limit: z.coerce.number().int().min(1).max(50).default(10),
  })
  .refine((q) => FILTERS.filter((f) => q[f] !== undefined).length <= 1, {
    message: "Filter by one of campaign, platform, language or topic at a time",
    path: ["campaign"],
  });

const kpiQuery = z.object(period);

const behindQuery = z
  .object({
    dimension: z.enum(DIMENSIONS).default("total"),
    key: z.string().max(200).default(""),
    /** Any instant in the point's hour or day. */
    at: z.iso.datetime(),
    interval: z.enum(["hour", "day"]).default("day"),
    campaign: z.uuid().optional(),
    platform: z.string().min(1).max(50).optional(),
    language: z.string().min(1).max(20).optional(),
    topic: z.string().min(1).max(100).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(50),
  })
  .refine((q) => FILTERS.filter((f) => q[f] !== undefined).length <= 1, {
    message: "Filter by one of campaign, platform, language or topic at a time",
    path: ["campaign"],
  });

const spikesQuery = z.object({
  dimension: z.enum(["topic", "intent", "sentiment"]).default("topic"),
  /** Any instant in the hour judged; the current hour by default. */
  at: z.iso.datetime().optional(),
});

const spikesView = z.object({
  dimension: z.string(),
  hour: z.string(),
  spikes: z.array(
    z.object({
      key: z.string(),
      authors: z.number().int(),
      usual: z.number(),
      ratio: z.number(),
      score: z.number(),
      topTerms: z.array(z.object({ term: z.string(), authors: z.number().int() })),
      topAuthors: z.array(z.object({ handle: z.string(), posts: z.number().int() })),
      topPosts: z.array(z.object({ id: z.string(), text: z.string(), authorHandle: z.string() })),
    }),
  ),
});

const behindView = z.object({
  from: z.string(),
  to: z.string(),
  posts: z.array(
    z.object({
      id: z.string(),
      postedAt: z.string(),
      text: z.string(),
      author: z.string(),
      conversationId: z.string(),
      workItemId: z.string().nullable(),
      intent: z.string(),
      sentiment: z.string(),
      topic: z.string().nullable(),
    }),
  ),
});

/** Exports carry customers' posts out of Parley: for the roles that manage or analyse, not every agent. */
const EXPORTERS: readonly Role[] = ["admin", "supervisor", "analyst"];
const MEDIA = { csv: "text/csv; charset=utf-8", jsonl: "application/x-ndjson; charset=utf-8" } as const;

const point = z.object({ at: z.string(), posts: z.number().int(), authors: z.number().int() });
const trendsView = z.object({
  dimension: z.enum(DIMENSIONS),
  interval: z.enum(["hour", "day"]),
  from: z.string(),
  to: z.string(),
  filter: z.object({ kind: z.enum(FILTERS), value: z.string() }).nullable(),
  series: z.array(
    z.object({ key: z.string(), posts: z.number().int(), authors: z.number().int(), points: z.array(point) }),
  ),
  /** Series left out by `limit`. */
  more: z.number().int(),
});

const durations = z.object({
  count: z.number().int(),
  medianMs: z.number().nullable(),
  p90Ms: z.number().nullable(),
});
const kpisView = z.object({
  from: z.string(),
  to: z.string(),
  opened: z.number().int(),
  firstResponse: durations,
  resolution: durations,
  responseRate: z.number().nullable(),
  backlog: z.object({
    open: z.number().int(),
    oldestAgeMs: z.number().nullable(),
    medianAgeMs: z.number().nullable(),
  }),
  handledPerAgent: z.array(z.object({ userId: z.string(), name: z.string(), handled: z.number().int() })),
  /** From the SLA policies; null until they report here. */
  slaMetRate: z.number().nullable(),
  /** From customer surveys; null until they report here. */
  surveyScore: z.number().nullable(),
});

/** The period asked for, checked against the longest one allowed. */
export function periodOf(
  q: { from?: string; to?: string; days?: number },
  now: number,
  maxDays: number,
): { from: Date; to: Date } | string {
  const to = q.to ? new Date(q.to) : new Date(now);
  const from = q.from ? new Date(q.from) : new Date(to.getTime() - (q.days ?? 7) * DAY_MS);
  if (from.getTime() >= to.getTime()) return "from must be before to";
  if (to.getTime() - from.getTime() > maxDays * DAY_MS) return `The period may be at most ${maxDays} days`;
  return { from, to };
}

function badPeriod(problem: string): never {
  throw new ParleyError("validation_failed", undefined, [{ path: "from", message: problem }]);
}

const EXPORT_WORDS: Record<ExportKind, { id: string; summary: string }> = {
  posts: { id: "Posts", summary: "Every post of the period with its labels and timings" },
  conversations: { id: "Conversations", summary: "Every conversation of the period with its timings" },
  alerts: {
    id: "Alerts",
    summary: "Every alert fired or held back in the period, with its rule, why and its deliveries",
  },
  "alert-rules": {
    id: "AlertRules",
    summary: "Every alert rule with its condition and channels (never its secret); the period is ignored",
  },
};

export function insightRoutes(app: FastifyInstance, services: Services): void {
  const now = () => services.insights.now();
  app.get(
    "/api/insights/trends",
    {
      schema: describe({
        operationId: "trends",
        tags: ["insights"],
        summary:
          "Posts and distinct authors by hour or day, split by a dimension, for the whole workspace or one filter",
        querystring: trendsQuery,
        response: { 200: trendsView },
      }),
      config: { roles: EVERYONE },
    },
    async (request) => {
      const q = parse(trendsQuery, request.query);
      const range = periodOf(q, now(), MAX_DAYS[q.interval]);
      if (typeof range === "string") badPeriod(range);
      const kind = FILTERS.find((f) => q[f] !== undefined) as FilterKind | undefined;
      const filter = kind ? { kind, value: q[kind] as string } : null;
      return services.insights.trends(caller(request), {
        dimension: q.dimension,
        interval: q.interval,
        ...range,
        filter,
        limit: q.limit,
      });
    },
  );

  app.get(
    "/api/insights/posts",
    {
      schema: describe({
        operationId: "postsBehindTrend",
        tags: ["insights"],
        summary: "The posts behind one point of a trend: its hour or day, its key and filter",
        querystring: behindQuery,
        response: { 200: behindView },
      }),
      config: { roles: EVERYONE },
    },
    async (request) => {
      const q = parse(behindQuery, request.query);
      const kind = FILTERS.find((f) => q[f] !== undefined) as FilterKind | undefined;
      return services.insights.postsBehind(caller(request), {
        dimension: q.dimension,
        key: q.key,
        at: new Date(q.at),
        interval: q.interval,
        filter: kind ? { kind, value: q[kind] as string } : null,
        limit: q.limit,
      });
    },
  );

  app.get(
    "/api/insights/spikes",
    {
      schema: describe({
        operationId: "spikes",
        tags: ["insights"],
        summary:
          "Topics, intents or sentiments far above their usual distinct authors for the hour of the week, with why",
        querystring: spikesQuery,
        response: { 200: spikesView },
      }),
      config: { roles: EVERYONE },
    },
    async (request) => {
      const q = parse(spikesQuery, request.query);
      return services.insights.spikes(caller(request), q.dimension, q.at ? new Date(q.at) : undefined);
    },
  );

  app.get(
    "/api/insights/kpis",
    {
      schema: describe({
        operationId: "careKpis",
        tags: ["insights"],
        summary: "First-response and resolution times, backlog and its age, handled per agent, response rate",
        querystring: kpiQuery,
        response: { 200: kpisView },
      }),
      config: { roles: EVERYONE },
    },
    async (request) => {
      const range = periodOf(parse(kpiQuery, request.query), now(), 400);
      if (typeof range === "string") badPeriod(range);
      return services.insights.kpis(caller(request), range.from, range.to);
    },
  );

  for (const what of EXPORT_KINDS) {
    for (const format of ["csv", "jsonl"] as const) {
      app.get(
        `/api/exports/${what}.${format}`,
        {
          schema: describe({
            operationId: `export${EXPORT_WORDS[what].id}${format === "csv" ? "Csv" : "Jsonl"}`,
            tags: ["insights"],
            summary: `${EXPORT_WORDS[what].summary}, as ${
              format === "csv" ? "CSV (formula-like cells made inert)" : "JSON lines"
            }, streamed`,
            querystring: kpiQuery,
            response: { 200: z.string() },
            contentType: MEDIA[format].split(";")[0],
          }),
          config: { roles: EXPORTERS },
        },
        async (request, reply) => {
          const range = periodOf(parse(kpiQuery, request.query), now(), 3660);
          if (typeof range === "string") badPeriod(range);
          const lines = await services.insights.export(caller(request), what, format, range.from, range.to);
          const stamp = range.to.toISOString().slice(0, 10);
          return reply
            .type(MEDIA[format])
            .header("content-disposition", `attachment; filename="parley-${what}-${stamp}.${format}"`)
            .send(Readable.from(lines));
        },
      );
    }
  }
}

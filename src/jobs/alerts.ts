/**
 * Alert jobs. `alerts.match_posts` judges every stored batch against the workspace's per-post
 * rules (tag, VIP, keyword): one alert per rule and batch, keyed by the event's id, so a repeated
 * run stores nothing twice. `alerts.windows` runs every five minutes and judges the window rules
 * (threshold, spike) on the hourly rollups, never on the posts table: a threshold merges the
 * window's author sketches, so it counts distinct authors; a spike asks the detector. Each alert
 * is keyed by its hour (and the spiking value), so the round repeating in the same hour adds
 * nothing. `alert.deliver` sends one alert to one channel, with retries and a dead letter.
 */

import { isPeerError } from "../connectors/contract.ts";
import type { AlertMailer } from "../connectors/email/alertMail.ts";
import type { FetchLike } from "../connectors/net/guardedFetch.ts";
import type { SecretBox } from "../connectors/secretBox.ts";
import {
  type AlertMessage,
  chatPayload,
  describeCondition,
  emailContent,
  matchPost,
  POST_KINDS,
  postAlertWhy,
  type WhyPost,
} from "../domain/alerts.ts";
import { sameFolded } from "../domain/foldCase.ts";
import { decodeSketch, emptySketch, mergeInto, sketchCount } from "../domain/insight/authorSketch.ts";
import { HOUR_MS, startOf } from "../domain/insight/rollup.ts";
import { explainSpike } from "../domain/insight/spikes.ts";
import { ALERT_DELIVER, ALERT_DELIVERY_RETRIES, raiseAlert } from "../services/alerts.ts";
import { groupSpikeIncident } from "../services/incidents.ts";
import { spikesInHour } from "../services/insights.ts";
import type { AlertRuleRow, Store } from "../store/index.ts";
import { type JobDefinition, PermanentJobError, postsStoredJob } from "./definition.ts";
import { postSigned } from "./signedDelivery.ts";

export const ALERT_MATCH = "alerts.match_posts";
export const ALERT_WINDOWS = "alerts.windows";
export const ALERT_WINDOW_EVERY_MS = 5 * 60_000;

/** Judges one stored batch against the per-post rules; the number of alerts stored. */
export async function matchBatch(
  store: Store,
  workspaceId: string,
  eventId: string,
  postIds: readonly string[],
  now: Date,
): Promise<number> {
  const rules = (await store.alerts.rules(workspaceId, [...POST_KINDS])).filter((r) => r.enabled);
  if (rules.length === 0 || postIds.length === 0) return 0;
  const posts = await store.alerts.posts(workspaceId, postIds);
  let stored = 0;
  for (const rule of rules) {
    const matched: { post: WhyPost; terms: string[] }[] = [];
    for (const post of posts) {
      const hit = matchPost(rule.condition, post);
      if (hit) matched.push({ post: { ...post, postedAt: now }, terms: hit.terms });
    }
    if (matched.length === 0) continue;
    const alert = await raiseAlert(
      store,
      rule.id,
      {
        dedupeKey: `event:${eventId}`,
        why: postAlertWhy(rule.condition, matched),
        postIds: matched.map((m) => m.post.id),
      },
      now,
    );
    if (alert) stored += 1;
  }
  return stored;
}

async function windowPosts(
  store: Store,
  workspaceId: string,
  from: Date,
  to: Date,
  match: Parameters<Store["insights"]["postsBehind"]>[3],
) {
  const rows = await store.insights.postsBehind(workspaceId, from, to, match, 500);
  return rows.map((p) => ({
    id: p.id,
    authorId: p.author ?? p.id,
    authorHandle: p.author ?? "",
    text: p.text,
    postedAt: p.postedAt,
  }));
}

function matchOf(dimension: string, value: string | null): Record<string, string | null> {
  if (dimension === "total" || value === null) return {};
  if (dimension === "topic") return { topic: value === "none" ? null : value };
  if (dimension === "language") return { language: value === "und" ? null : value };
  return { [dimension]: value };
}

/** Judges one window rule at `now`; the number of alerts stored. */
export async function judgeWindowRule(store: Store, rule: AlertRuleRow, now: Date): Promise<number> {
  const c = rule.condition;
  const hour = startOf(now, "hour");
  const end = new Date(hour.getTime() + HOUR_MS);
  if (c.kind === "threshold") {
    const from = new Date(end.getTime() - c.windowHours * HOUR_MS);
    const rows = await store.rollups.range(rule.workspaceId, "all", c.dimension, "hour", from, end);
    // The rule's value meets the rollup's key whatever its case, as a tag rule meets a label.
    const key = c.value ?? "";
    let sketch = emptySketch();
    let posts = 0;
    let matchedKey: string | null = null;
    for (const row of rows) {
      if (!sameFolded(row.key, key)) continue;
      sketch = mergeInto(sketch, decodeSketch(row.sketch));
      posts += row.posts;
      matchedKey ??= row.key;
    }
    const authors = sketchCount(sketch);
    if (authors <= c.authors) return 0;
    const reason = explainSpike(
      await windowPosts(
        store,
        rule.workspaceId,
        from,
        end,
        matchOf(c.dimension, c.value === null ? null : matchedKey),
      ),
    );
    const alert = await raiseAlert(
      store,
      rule.id,
      {
        dedupeKey: `threshold:${hour.toISOString()}`,
        why: {
          summary: `${authors} distinct authors (${posts} posts) in ${c.windowHours} h, above the threshold of ${c.authors}: ${describeCondition(c)}`,
          ...reason,
          authors,
          threshold: c.authors,
          windowStart: from.toISOString(),
          windowEnd: end.toISOString(),
        },
        postIds: reason.topPosts.map((p) => p.id),
      },
      now,
    );
    return alert ? 1 : 0;
  }
  if (c.kind === "spike") {
    let stored = 0;
    for (const spike of await spikesInHour(store, rule.workspaceId, c.dimension, hour)) {
      if (c.value !== null && !sameFolded(spike.key, c.value)) continue;
      const alert = await raiseAlert(
        store,
        rule.id,
        {
          dedupeKey: `spike:${hour.toISOString()}:${spike.key}`,
          why: {
            summary: `${c.dimension} ${spike.key}: ${spike.authors} distinct authors this hour against a usual ${spike.usual} (${spike.ratio}× normal, score ${spike.score})`,
            topTerms: spike.topTerms,
            topAuthors: spike.topAuthors,
            topPosts: spike.topPosts,
            authors: spike.authors,
            usual: spike.usual,
            ratio: spike.ratio,
            score: spike.score,
            windowStart: hour.toISOString(),
            windowEnd: end.toISOString(),
          },
          postIds: spike.topPosts.map((p) => p.id),
        },
        now,
        {
          also: (tx, stored) =>
            groupSpikeIncident(tx, {
              alert: stored,
              dimension: c.dimension,
              key: spike.key,
              from: hour,
              to: end,
              now,
            }).then(() => {}),
        },
      );
      if (alert) stored += 1;
    }
    return stored;
  }
  return 0;
}

/** One round of the window rules of every workspace that has some. */
export async function judgeWindows(store: Store, now: Date): Promise<number> {
  let stored = 0;
  for (const workspaceId of await store.alerts.workspacesWith(["threshold", "spike"])) {
    for (const rule of await store.alerts.rules(workspaceId, ["threshold", "spike"])) {
      if (rule.enabled) stored += await judgeWindowRule(store, rule, now);
    }
  }
  return stored;
}

export const alertMatchJob = postsStoredJob(
  ALERT_MATCH,
  ({ workspaceId, eventId, postIds }, { store, clock }) =>
    matchBatch(store, workspaceId, eventId, postIds, new Date(clock.now())),
);

export const alertWindowsJob: JobDefinition = {
  name: ALERT_WINDOWS,
  trigger: { everyMs: ALERT_WINDOW_EVERY_MS },
  retries: { max: 3 },
  lockMs: 4 * 60_000,
  async run(_job, { store, clock }) {
    await judgeWindows(store, new Date(clock.now()));
  },
};

export interface AlertDeliverDeps {
  box: SecretBox;
  /** Sends alert mail; absent when no SMTP server is configured. */
  mailer?: AlertMailer;
  /** Parley's public address: alerts link to the alerts page. */
  publicUrl?: string;
  /** How long a webhook may take to answer (default 10 s). */
  timeoutMs?: number;
  fetch?: FetchLike;
}

export function alertDeliverJob(deps: AlertDeliverDeps): JobDefinition {
  const timeoutMs = deps.timeoutMs ?? 10_000;
  return {
    name: ALERT_DELIVER,
    trigger: { due: true },
    retries: ALERT_DELIVERY_RETRIES,
    lockMs: Math.max(timeoutMs * 3, 60_000),
    async run(job, { store, clock, signal }) {
      const delivery = await store.alerts.delivery(String(job.payload.deliveryId));
      // Delivered by an earlier run, or its rule was deleted: nothing left to do. A failed one runs
      // again only when its dead letter is retried (the job gave up when it failed).
      if (!delivery || delivery.status === "delivered") return;
      const workspaceId = String(job.payload.workspaceId);
      const alert = await store.alerts.alert(workspaceId, delivery.alertId);
      const rule = alert ? await store.alerts.rule(workspaceId, alert.ruleId) : null;
      if (!alert || !rule) return;
      const at = () => new Date(clock.now());
      const fail = async (reason: string) =>
        store.alerts.setDelivery(delivery.id, {
          status: "failed",
          attempts: job.attempts,
          error: reason,
          at: at(),
        });
      const giveUp = async (code: string, reason: string): Promise<never> => {
        await fail(reason);
        throw new PermanentJobError(code, reason);
      };
      const retry = async (reason: string): Promise<never> => {
        if (job.attempts >= job.maxAttempts) await fail(reason);
        else
          await store.alerts.setDelivery(delivery.id, {
            status: "queued",
            attempts: job.attempts,
            error: reason,
            at: at(),
          });
        throw new Error(reason);
      };
      const link = deps.publicUrl ? `${new URL(deps.publicUrl).origin}/#/alerts?alert=${alert.id}` : null;
      const message: AlertMessage = {
        ruleName: rule.name,
        firedAt: alert.firedAt,
        why: alert.why,
        suppressed: alert.suppressedBefore,
        link,
      };

      if (delivery.type === "email") {
        if (!deps.mailer)
          return giveUp("alert_email_not_configured", "No SMTP server is configured for alerts");
        const { subject, text } = emailContent(message);
        try {
          await deps.mailer({
            to: delivery.target.split(", "),
            subject,
            text,
            messageId: `alert-${delivery.id}@parley`,
            date: alert.firedAt,
          });
        } catch (err) {
          const reason = (err as Error).message;
          if (isPeerError(err) && err.kind === "refused") return giveUp("alert_refused", reason);
          return retry(reason);
        }
      } else {
        const body =
          delivery.type === "chat"
            ? JSON.stringify(chatPayload(message))
            : JSON.stringify({
                type: "alert",
                alert: {
                  id: alert.id,
                  rule: { id: rule.id, name: rule.name, kind: rule.kind },
                  firedAt: alert.firedAt.toISOString(),
                  test: alert.dedupeKey.startsWith("test:"),
                  why: alert.why,
                  postIds: alert.postIds,
                  suppressedBefore: alert.suppressedBefore,
                  link,
                },
              });
        const outcome = await postSigned({
          url: delivery.target,
          body,
          ...(delivery.type === "webhook" ? { secret: deps.box.open(rule.secret).signingSecret ?? "" } : {}),
          event: "alert",
          userAgent: "Parley alerts",
          idempotencyKey: delivery.id,
          attempt: job.attempts,
          now: clock.now(),
          allowPrivateNetwork: rule.allowPrivateNetwork,
          timeoutMs,
          signal,
          peer: delivery.type === "chat" ? "The chat webhook" : "The alert webhook",
          ...(deps.fetch ? { fetch: deps.fetch } : {}),
        });
        if (outcome.kind === "refused") return giveUp("alert_refused", outcome.reason);
        if (outcome.kind === "retry") return retry(outcome.reason);
      }
      await store.alerts.setDelivery(delivery.id, {
        status: "delivered",
        attempts: job.attempts,
        error: null,
        at: at(),
      });
    },
  };
}

/**
 * Alert rules and the alerts they fired, as CSV or JSON lines, for the workspace's data export.
 * Produced page by page like the post export, so memory stays bounded by one page. A rule's
 * signing secret is never part of it.
 */
import { type AlertChannel, describeCondition } from "../domain/alerts.ts";
import { type Cell, type ExportFormat, exportHeader, exportLine } from "../domain/insight/exportFormat.ts";
import type { Store } from "../store/index.ts";

const PAGE = 1000;

export const ALERT_RULE_COLUMNS = [
  "rule_id",
  "name",
  "kind",
  "condition",
  "condition_json",
  "enabled",
  "channels",
  "quiet_minutes",
  "allow_private_network",
  "last_fired_at",
  "created_at",
  "updated_at",
] as const;

export const ALERT_COLUMNS = [
  "alert_id",
  "fired_at",
  "status",
  "test",
  "rule_id",
  "rule_name",
  "rule_kind",
  "summary",
  "authors",
  "post_ids",
  "suppressed_before",
  "deliveries",
] as const;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function channelWords(channels: readonly AlertChannel[]): string {
  return channels
    .map((c) => (c.type === "email" ? `email ${c.to.join(" ")}` : `${c.type} ${c.url}`))
    .join("; ");
}

/** Every rule of the workspace, oldest first (rules are few: one page). */
export async function* exportAlertRules(
  store: Store,
  workspaceId: string,
  format: ExportFormat,
): AsyncGenerator<string> {
  yield exportHeader(format, ALERT_RULE_COLUMNS);
  let chunk = "";
  for (const r of await store.alerts.rules(workspaceId)) {
    const row: Cell[] = [
      r.id,
      r.name,
      r.kind,
      describeCondition(r.condition),
      JSON.stringify(r.condition),
      r.enabled,
      channelWords(r.channels),
      r.quietMinutes,
      r.allowPrivateNetwork,
      iso(r.lastFiredAt),
      iso(r.createdAt),
      iso(r.updatedAt),
    ];
    chunk += exportLine(format, ALERT_RULE_COLUMNS, row);
  }
  if (chunk) yield chunk;
}

/** The alerts fired or held back in the period, oldest first, each with its rule and deliveries. */
export async function* exportAlerts(
  store: Store,
  workspaceId: string,
  format: ExportFormat,
  from: Date,
  to: Date,
): AsyncGenerator<string> {
  yield exportHeader(format, ALERT_COLUMNS);
  const rules = new Map((await store.alerts.rules(workspaceId)).map((r) => [r.id, r]));
  let after: string | null = null;
  for (;;) {
    const page = await store.alerts.exportPage(workspaceId, from, to, after, PAGE);
    if (page.length === 0) return;
    const deliveries = await store.alerts.deliveries(page.map((a) => a.id));
    let chunk = "";
    for (const a of page) {
      const rule = rules.get(a.ruleId);
      const row: Cell[] = [
        a.id,
        iso(a.firedAt),
        a.status,
        a.dedupeKey.startsWith("test:"),
        a.ruleId,
        rule?.name ?? null,
        rule?.kind ?? null,
        a.why.summary,
        a.why.authors ?? null,
        a.postIds.join(" "),
        a.suppressedBefore,
        deliveries
          .filter((d) => d.alertId === a.id)
          .map((d) => `${d.type}:${d.status}`)
          .join(" "),
      ];
      chunk += exportLine(format, ALERT_COLUMNS, row);
    }
    yield chunk;
    after = page.at(-1)?.id ?? after;
    if (page.length < PAGE) return;
  }
}

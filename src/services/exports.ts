/**
 * Exports per post and per conversation, as CSV or JSON lines, produced page by page: memory
 * stays bounded by one page whatever the export's size, and the HTTP answer streams as it goes.
 */
import { type Cell, type ExportFormat, exportHeader, exportLine } from "../domain/insight/exportFormat.ts";
import type { Store } from "../store/index.ts";

const PAGE = 1000;

export const POST_COLUMNS = [
  "post_id",
  "posted_at",
  "platform",
  "url",
  "author",
  "direction",
  "intent",
  "sentiment",
  "sentiment_score",
  "topic",
  "language",
  "urgency",
  "priority",
  "needs_brand",
  "campaign_ids",
  "conversation_id",
  "text",
  "work_item_id",
  "work_item_state",
  "first_response_ms",
  "resolution_ms",
  "survey_score",
] as const;

export const CONVERSATION_COLUMNS = [
  "conversation_id",
  "platform",
  "started_at",
  "last_post_at",
  "posts",
  "authors",
  "work_items",
  "work_item_state",
  "first_response_ms",
  "resolution_ms",
  "survey_score",
] as const;

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const since = (end: Date | null, start: Date | null): number | null =>
  end && start ? end.getTime() - start.getTime() : null;

export async function* exportPosts(
  store: Store,
  workspaceId: string,
  format: ExportFormat,
  from: Date,
  to: Date,
): AsyncGenerator<string> {
  yield exportHeader(format, POST_COLUMNS);
  let after = 0;
  for (;;) {
    const rows = await store.insights.exportPosts(workspaceId, from, to, after, PAGE);
    if (rows.length === 0) return;
    let chunk = "";
    for (const r of rows) {
      const row: Cell[] = [
        r.id,
        iso(r.postedAt),
        r.platform,
        r.url,
        r.author,
        r.direction,
        r.intent,
        r.sentiment,
        r.sentimentScore,
        r.topic,
        r.language,
        r.urgency,
        r.priority,
        r.needsBrand,
        r.campaignIds.join(" "),
        r.conversationId,
        r.text,
        r.workItemId,
        r.workItemState,
        since(r.firstResponseAt, r.openedAt),
        r.workItemState === "handled" ? since(r.closedAt, r.openedAt) : null,
        // Survey scores arrive with customer surveys; the column is kept so the layout does not change then.
        null,
      ];
      chunk += exportLine(format, POST_COLUMNS, row);
    }
    yield chunk;
    after = rows.at(-1)?.seq ?? after;
    if (rows.length < PAGE) return;
  }
}

export async function* exportConversations(
  store: Store,
  workspaceId: string,
  format: ExportFormat,
  from: Date,
  to: Date,
): AsyncGenerator<string> {
  yield exportHeader(format, CONVERSATION_COLUMNS);
  let after: string | null = null;
  for (;;) {
    const page = await store.insights.exportConversations(workspaceId, from, to, after, PAGE);
    if (page.length === 0) return;
    let chunk = "";
    for (const c of page) {
      const first = c.items[0] ?? null;
      const last = c.items.at(-1) ?? null;
      const row: Cell[] = [
        c.id,
        c.platform,
        iso(c.figures?.first ?? c.createdAt),
        iso(c.figures?.last ?? null),
        Number(c.figures?.posts ?? 0),
        Number(c.figures?.authors ?? 0),
        c.items.length,
        last?.state ?? null,
        first ? since(first.firstResponseAt, first.createdAt) : null,
        last?.state === "handled" && first ? since(last.closedAt, first.createdAt) : null,
        null,
      ];
      chunk += exportLine(format, CONVERSATION_COLUMNS, row);
    }
    yield chunk;
    after = page.at(-1)?.id ?? after;
    if (page.length < PAGE) return;
  }
}

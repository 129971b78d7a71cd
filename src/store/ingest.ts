/**
 * Stores a batch of analysed posts in one transaction: authors, conversations, posts with their
 * analysis, and work items together, so a crash leaves either all of a batch or none of it. The
 * unique key (workspace, platform, platform id) makes re-delivery harmless: a post already stored
 * is counted as a duplicate and changes nothing. Each dialect has its own write path; the rules
 * they carry out are shared (`ingestPlan.ts`).
 */
import type { Executor } from "./executor.ts";
import type { IngestItem, IngestResult, workItemsToOpen } from "./ingestPlan.ts";
import { ingestPostgres, openWorkItemsPostgres } from "./ingestPostgres.ts";
import { ingestSqlite, openWorkItemsSqlite } from "./ingestSqlite.ts";

export type { IngestItem, IngestResult } from "./ingestPlan.ts";

/** `sourceId`: the source the batch came from, recorded on the conversations it starts (replies go out through it). */
export function ingestBatch(
  x: Executor,
  workspaceId: string,
  items: IngestItem[],
  sourceId: string | null = null,
): Promise<IngestResult> {
  return x.sqlite
    ? ingestSqlite(x.sqlite, workspaceId, items, sourceId)
    : ingestPostgres(x, workspaceId, items, sourceId);
}

/**
 * Opens, joins or reopens the work item of each conversation, as a stored batch does: for posts
 * already stored that came to need the brand (an edit at the source).
 */
export async function openWorkItems(
  x: Executor,
  workspaceId: string,
  perConversation: ReturnType<typeof workItemsToOpen>,
): Promise<IngestResult["workItems"]> {
  if (perConversation.size === 0) return [];
  return x.sqlite
    ? openWorkItemsSqlite(x.sqlite, workspaceId, perConversation)
    : openWorkItemsPostgres(x, workspaceId, perConversation);
}

/**
 * The store: every repository bound to one executor. `transaction` hands the callback a store
 * bound to the transaction, so services compose repositories without seeing SQL.
 */
import { auditRepository } from "./audit.ts";
import { campaignRepository } from "./campaigns.ts";
import { credentialRepository } from "./credentials.ts";
import type { Database, Executor } from "./executor.ts";
import { type IngestItem, ingestBatch } from "./ingest.ts";
import { insightRepository } from "./insights.ts";
import { workspaceModelRepository } from "./models.ts";
import { postRepository } from "./posts.ts";
import { userRepository } from "./users.ts";
import { viewRepository } from "./views.ts";
import { workItemRepository } from "./workItems.ts";
import { workspaceRepository } from "./workspaces.ts";

export interface Store {
  workspaces: ReturnType<typeof workspaceRepository>;
  users: ReturnType<typeof userRepository>;
  credentials: ReturnType<typeof credentialRepository>;
  campaigns: ReturnType<typeof campaignRepository>;
  workItems: ReturnType<typeof workItemRepository>;
  views: ReturnType<typeof viewRepository>;
  audit: ReturnType<typeof auditRepository>;
  models: ReturnType<typeof workspaceModelRepository>;
  posts: ReturnType<typeof postRepository>;
  insights: ReturnType<typeof insightRepository>;
  ingest(workspaceId: string, items: IngestItem[]): ReturnType<typeof ingestBatch>;
  transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T>;
}

function bind(db: Executor, transaction: Store["transaction"]): Store {
  return {
    workspaces: workspaceRepository(db),
    users: userRepository(db),
    credentials: credentialRepository(db),
    campaigns: campaignRepository(db),
    workItems: workItemRepository(db),
    views: viewRepository(db),
    audit: auditRepository(db),
    models: workspaceModelRepository(db),
    posts: postRepository(db),
    insights: insightRepository(db),
    ingest: (workspaceId, items) => ingestBatch(db, workspaceId, items),
    transaction,
  };
}

export function createStore(database: Database): Store {
  const transaction: Store["transaction"] = (fn) =>
    database.transaction((tx) => {
      // Nested calls reuse the open transaction.
      const inner: Store = bind(tx, (nested) => nested(inner));
      return fn(inner);
    });
  return bind(database, transaction);
}

export { openDatabase } from "./db.ts";
export type { Database, Executor } from "./executor.ts";
export type { IngestItem, IngestResult } from "./ingest.ts";

/**
 * The store: every repository bound to one executor. `transaction` hands the callback a store
 * bound to the transaction, so services compose repositories without seeing SQL.
 */
import { alertRepository } from "./alerts.ts";
import { auditRepository } from "./audit.ts";
import { campaignRepository } from "./campaigns.ts";
import { credentialRepository } from "./credentials.ts";
import { customerRepository } from "./customers.ts";
import { customerTimelineRepository } from "./customerTimeline.ts";
import { engagementRepository } from "./engagement.ts";
import { eventRepository } from "./events.ts";
import type { Database, Executor } from "./executor.ts";
import { handoffRepository } from "./handoffs.ts";
import { incidentRepository } from "./incidents.ts";
import { type IngestItem, ingestBatch } from "./ingest.ts";
import { insightRepository } from "./insights.ts";
import { itemHistoryRepository } from "./itemHistory.ts";
import { jobRepository } from "./jobs.ts";
import { linkConfirmationRepository } from "./linkConfirmations.ts";
import { workspaceModelRepository } from "./models.ts";
import { noteRepository } from "./notes.ts";
import { postRepository } from "./posts.ts";
import { privacyRepository } from "./privacy.ts";
import { replyRepository } from "./replies.ts";
import { retentionRepository } from "./retention.ts";
import { rollupRepository } from "./rollups.ts";
import { routingRepository } from "./routing.ts";
import { savedViewRepository } from "./savedViews.ts";
import { slaRepository } from "./sla.ts";
import { sourceRepository } from "./sources.ts";
import { supervisorRepository } from "./supervisor.ts";
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
  replies: ReturnType<typeof replyRepository>;
  insights: ReturnType<typeof insightRepository>;
  rollups: ReturnType<typeof rollupRepository>;
  events: ReturnType<typeof eventRepository>;
  jobs: ReturnType<typeof jobRepository>;
  sources: ReturnType<typeof sourceRepository>;
  privacy: ReturnType<typeof privacyRepository>;
  routing: ReturnType<typeof routingRepository>;
  sla: ReturnType<typeof slaRepository>;
  supervisor: ReturnType<typeof supervisorRepository>;
  handoffs: ReturnType<typeof handoffRepository>;
  alerts: ReturnType<typeof alertRepository>;
  incidents: ReturnType<typeof incidentRepository>;
  engagement: ReturnType<typeof engagementRepository>;
  customers: ReturnType<typeof customerRepository>;
  customerTimeline: ReturnType<typeof customerTimelineRepository>;
  linkConfirmations: ReturnType<typeof linkConfirmationRepository>;
  notes: ReturnType<typeof noteRepository>;
  retention: ReturnType<typeof retentionRepository>;
  savedViews: ReturnType<typeof savedViewRepository>;
  itemHistory: ReturnType<typeof itemHistoryRepository>;
  ingest(workspaceId: string, items: IngestItem[], sourceId?: string | null): ReturnType<typeof ingestBatch>;
  transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T>;
  /** Calls `listener` after every commit that wrote domain events (the outbox relay wakes on it). */
  onEventsCommitted(listener: () => void): () => void;
}

interface Binding {
  transaction: Store["transaction"];
  onEventsCommitted: Store["onEventsCommitted"];
  /** Called when events are appended through this binding. */
  appended(): void;
}

function bind(db: Executor, binding: Binding): Store {
  const events = eventRepository(db);
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
    replies: replyRepository(db),
    insights: insightRepository(db),
    rollups: rollupRepository(db),
    events: {
      ...events,
      async append(list) {
        const written = await events.append(list);
        if (written.length > 0) binding.appended();
        return written;
      },
    },
    jobs: jobRepository(db),
    sources: sourceRepository(db),
    privacy: privacyRepository(db),
    routing: routingRepository(db),
    sla: slaRepository(db),
    supervisor: supervisorRepository(db),
    handoffs: handoffRepository(db),
    alerts: alertRepository(db),
    incidents: incidentRepository(db),
    engagement: engagementRepository(db),
    customers: customerRepository(db),
    customerTimeline: customerTimelineRepository(db),
    linkConfirmations: linkConfirmationRepository(db),
    notes: noteRepository(db),
    retention: retentionRepository(db),
    savedViews: savedViewRepository(db),
    itemHistory: itemHistoryRepository(db),
    ingest: (workspaceId, items, sourceId) => ingestBatch(db, workspaceId, items, sourceId ?? null),
    transaction: binding.transaction,
    onEventsCommitted: binding.onEventsCommitted,
  };
}

export function createStore(database: Database): Store {
  const listeners = new Set<() => void>();
  const committed = () => {
    for (const listener of listeners) listener();
  };
  const onEventsCommitted: Store["onEventsCommitted"] = (listener) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  };
  const transaction: Store["transaction"] = async (fn) => {
    let wrote = false;
    const result = await database.transaction((tx) => {
      // Nested calls reuse the open transaction.
      const inner: Store = bind(tx, {
        transaction: (nested) => nested(inner),
        onEventsCommitted,
        appended: () => {
          wrote = true;
        },
      });
      return fn(inner);
    });
    if (wrote) committed();
    return result;
  };
  // Outside a transaction an append commits by itself.
  return bind(database, { transaction, onEventsCommitted, appended: committed });
}

export type { AlertDeliveryRow, AlertRow, AlertRuleRow } from "./alerts.ts";
export { openDatabase } from "./db.ts";
export type { SurveyRow, TemplateRow } from "./engagement.ts";
export type { Database, Executor } from "./executor.ts";
export type { HandoffEndpointRow, HandoffRow, HandoffUpdateRow } from "./handoffs.ts";
export type { IncidentCounts, IncidentDimension, IncidentItemRow, IncidentRow } from "./incidents.ts";
export type { IngestItem, IngestResult } from "./ingest.ts";
export type { ClaimedJob, DeadLetterInput, JobInput } from "./jobs.ts";
export type { ReplyRow, ReplyTarget } from "./replies.ts";

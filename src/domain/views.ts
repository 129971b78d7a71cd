/**
 * The shapes the API presents and the web app reads. Each is a zod schema and the type inferred
 * from it: one definition serves the server's types, the web app's types and the OpenAPI document.
 */
import { z } from "zod";
import { type Analysis, DIRECTIONS, INTENTS, PII_KINDS, SENTIMENTS, URGENCIES } from "./analysis.ts";
import type { Presence } from "./routing/board.ts";
import { workItemSlaView } from "./slaViews.ts";
import { WORK_ITEM_STATES } from "./workItem.ts";

export const ROLES = ["admin", "supervisor", "agent", "analyst"] as const;
export type Role = (typeof ROLES)[number];

const id = z.uuid();
const timestamp = z.iso.datetime();

export const userView = z.object({ id, email: z.string(), name: z.string(), role: z.enum(ROLES) });
export type UserView = z.infer<typeof userView>;

/** A competitor the workspace listens for: its names as people write them, and its handles. */
export const competitorView = z.object({ name: z.string(), handles: z.array(z.string()) });
export type Competitor = z.infer<typeof competitorView>;

export const workspaceView = z.object({
  id,
  name: z.string(),
  demo: z.boolean(),
  /** The brand's own accounts on every platform, lower-case without @. */
  brandHandles: z.array(z.string()),
  /** The brand's own accounts on one platform each, by platform. */
  platformHandles: z.record(z.string(), z.array(z.string())),
  /** The brand's names and aliases as people write them. */
  brandNames: z.array(z.string()),
  /** Employees' personal accounts ("x:janedoe" for one platform, "janedoe" for every one). */
  employeeHandles: z.array(z.string()),
  competitors: z.array(competitorView),
  /** Languages the brand works in (ISO 639-1); empty: any. */
  languages: z.array(z.string()),
  /** IANA time zone, e.g. "Europe/Berlin". */
  timeZone: z.string(),
  /** The campaign built from the brand's names and handles, while it exists. */
  starterCampaignId: z.uuid().nullable(),
  /** The campaign built from the competitors, while there are competitors. */
  competitorCampaignId: z.uuid().nullable(),
});
export type WorkspaceView = z.infer<typeof workspaceView>;

export const authorView = z.object({
  id,
  handle: z.string(),
  name: z.string().nullable(),
  followers: z.number().int().nullable(),
  verified: z.boolean(),
  isBrand: z.boolean(),
});
export type AuthorView = z.infer<typeof authorView>;

const labelled = <L extends z.ZodType>(label: L) =>
  z.object({ label, confidence: z.number(), explanation: z.string() });

export const analysisView = z.object({
  language: z.string(),
  direction: labelled(z.enum(DIRECTIONS)),
  intent: labelled(z.enum(INTENTS)).extend({ scores: z.record(z.enum(INTENTS), z.number()) }),
  sentiment: labelled(z.enum(SENTIMENTS)).extend({ score: z.number() }),
  sarcasm: z.object({ flag: z.boolean(), confidence: z.number(), explanation: z.string() }).optional(),
  topic: labelled(z.string().nullable()),
  urgency: z.object({ level: z.enum(URGENCIES), confidence: z.number(), explanation: z.string() }),
  influence: z.object({ score: z.number(), explanation: z.string() }),
  pii: z.array(z.object({ kind: z.enum(PII_KINDS), start: z.number().int(), end: z.number().int() })),
  priority: z.number(),
  needsBrand: z.boolean(),
  explanation: z.string(),
  modelVersion: z.string(),
});
// The analyzer's own type and the presented one are the same shape, checked both ways.
((a: Analysis): z.infer<typeof analysisView> => a) satisfies unknown;
((a: z.infer<typeof analysisView>): Analysis => a) satisfies unknown;

export const postCorrection = z.object({
  intent: z.string().optional(),
  sentiment: z.string().optional(),
  topic: z.string().optional(),
  by: z.object({ id, name: z.string() }),
  at: timestamp,
});
export type PostCorrection = z.infer<typeof postCorrection>;

export const postView = z.object({
  id,
  platform: z.string(),
  platformId: z.string(),
  url: z.string().nullable(),
  text: z.string(),
  createdAt: timestamp,
  language: z.string().nullable(),
  channel: z.enum(["public", "private"]),
  demo: z.boolean(),
  replyToPostId: id.nullable(),
  /**
   * The post this one is grouped with: the one it quotes (`quote`), or the earlier one whose words
   * it repeats (`copy`). `postId` and `url` are null while Parley does not hold the original.
   */
  original: z
    .object({
      relation: z.enum(["quote", "copy"]),
      platformId: z.string(),
      postId: id.nullable(),
      url: z.string().nullable(),
    })
    .nullable(),
  /**
   * How many posts Parley holds that are grouped with this one as their original (quotes of it
   * and repeats of its words); posts since deleted at their source or erased are not counted.
   */
  shared: z.number().int().nonnegative(),
  conversationId: id,
  campaignIds: z.array(id),
  author: authorView,
  analysis: analysisView.nullable(),
  correction: postCorrection.nullable(),
});
export type PostView = z.infer<typeof postView>;

export const workItemView = z.object({
  id,
  state: z.enum(WORK_ITEM_STATES),
  priority: z.number(),
  queue: z.string().nullable(),
  assignee: z.object({ id, name: z.string() }).nullable(),
  /** Reserved for one agent until `expiresAt`: nobody else may take it meanwhile. */
  offer: z.object({ agent: z.object({ id, name: z.string() }), expiresAt: timestamp }).nullable(),
  conversationId: id,
  /** The conversation's earlier item this one follows: the customer wrote again after its reopen window. */
  previousItemId: id.nullable(),
  discardReason: z.string().nullable(),
  version: z.number().int(),
  createdAt: timestamp,
  updatedAt: timestamp,
  /** Null when no SLA policy applies to the item. */
  sla: workItemSlaView.nullable(),
  post: postView,
});
export type WorkItemView = z.infer<typeof workItemView>;

export const conversationView = z.object({
  id,
  platform: z.string(),
  rootPostId: id.nullable(),
  posts: z.array(postView),
  workItems: z.array(workItemView),
});
export type ConversationView = z.infer<typeof conversationView>;

export const campaignView = z.object({
  id,
  name: z.string(),
  query: z.string(),
  languages: z.array(z.string()),
  excludeAuthors: z.array(z.string()),
  vipAuthors: z.array(z.string()),
  enabled: z.boolean(),
  createdAt: timestamp,
  updatedAt: timestamp,
  /** The relevance filter learnt from agents' decisions; precision and recall are null until it has decided. */
  relevance: z.object({
    decisions: z.number().int(),
    precision: z.number().nullable(),
    recall: z.number().nullable(),
  }),
});
export type CampaignView = z.infer<typeof campaignView>;

/** One entry of the audit log: who did what to which entity, with what the action recorded. */
export const auditEntryView = z.object({
  id: z.string(),
  at: timestamp,
  /** Null for actions of the system (an import, single sign-on's first sign-in). */
  actor: z.object({ id, name: z.string().nullable(), email: z.string().nullable() }).nullable(),
  action: z.string(),
  entity: z.object({ type: z.string(), id: z.string() }),
  detail: z.record(z.string(), z.unknown()),
});
export type AuditEntryView = z.infer<typeof auditEntryView>;

/** A reply to a work item: awaiting approval (then queued or rejected) or queued, then sent (with the platform's id and address) or failed (with why). */
export const replyView = z.object({
  id,
  workItemId: id.nullable(),
  conversationId: id,
  channel: z.enum(["public", "private"]),
  text: z.string(),
  status: z.enum(["awaiting_approval", "rejected", "queued", "sent", "failed"]),
  /** Null for the brand's own messages (a survey's invitation). */
  author: z.object({ id, name: z.string().nullable() }).nullable(),
  /** The approval rules it matched, and the supervisor's decision; null when none held. */
  approval: z
    .object({
      rules: z.array(z.string()),
      decidedBy: z.object({ id }).nullable(),
      decidedAt: timestamp.nullable(),
      rejectReason: z.string().nullable(),
    })
    .nullable(),
  platformId: z.string().nullable(),
  url: z.string().nullable(),
  error: z.string().nullable(),
  createdAt: timestamp,
  sentAt: timestamp.nullable(),
});
export type ReplyView = z.infer<typeof replyView>;

/** How a work item can be answered: by its source's channel, or why not. */
export const replyChannelView = z.object({
  platform: z.string(),
  /** Null when the source can send; else why not (an import, a source that only listens, a removed source). */
  unavailable: z.string().nullable(),
  public: z.boolean(),
  private: z.boolean(),
  /** Characters a reply may hold on the platform; 0 when no reply can be sent. */
  maxLength: z.number().int(),
  /** The channel of the post answered: a private message is answered privately by default. */
  suggested: z.enum(["public", "private"]),
});
export type ReplyChannelView = z.infer<typeof replyChannelView>;

export const repliesView = z.object({ items: z.array(replyView), channel: replyChannelView });
export type RepliesView = z.infer<typeof repliesView>;

/** A page of a list: pass `nextCursor` back for the next one. */
export const page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Events on the live WebSocket. */

/**
 * `seq` is the place in the event log of the change the message shows: a browser that reconnects
 * asks for what came after the last one it saw.
 */
export type WorkItemLiveEvent =
  | { type: "work_item.created"; workspaceId: string; workItem: WorkItemView; seq?: number }
  | { type: "work_item.updated"; workspaceId: string; workItem: WorkItemView; seq?: number };

/** An agent's presence changed (`automatic`: away after being idle); supervisors hear every agent's, agents their own. */
export interface PresenceLiveEvent {
  type: "agent.presence";
  workspaceId: string;
  agent: { id: string; presence: Presence; automatic: boolean };
  seq?: number;
}

export type LiveEvent = WorkItemLiveEvent | PresenceLiveEvent;

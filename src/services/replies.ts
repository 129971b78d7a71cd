/**
 * Answering work items in their channel: a reply is validated against the rules of its source's
 * platform, written queued with its `reply.queued` event in one transaction (the `reply.send` job
 * takes it from there, `src/jobs/replySend.ts`), and listed with its state.
 */
import type { Bus } from "../bus/index.ts";
import type { ConnectorKind } from "../connectors/contract.ts";
import { connectorKind } from "../connectors/registry.ts";
import { type ApprovalFacts, matchingRules } from "../domain/approval.ts";
import { newEvent } from "../domain/events.ts";
import { assertChannel, assertMayAnswer, type ReplyCapability, validReplyText } from "../domain/reply.ts";
import { hasPlaceholder } from "../domain/templates.ts";
import type { RepliesView, ReplyChannelView, ReplyView } from "../domain/views.ts";
import { ParleyError } from "../errors.ts";
import type { ReplyRow, ReplyTarget, Store } from "../store/index.ts";
import type { Principal } from "./auth.ts";
import { consentFor } from "./consent.ts";

type KindOf = (name: string) => ConnectorKind<Record<string, unknown>> | undefined;

const REPLY_STATUSES: ReadonlySet<string> = new Set([
  "awaiting_approval",
  "rejected",
  "queued",
  "sent",
  "failed",
]);

/** What the approval rules look at for a reply of `authorUserId` to `postId`. */
export async function approvalFacts(
  tx: Store,
  workspaceId: string,
  authorUserId: string,
  postId: string,
  reply: { channel: "public" | "private"; text: string },
): Promise<ApprovalFacts> {
  const [trainee, post] = await Promise.all([
    tx.engagement.trainees.is(workspaceId, authorUserId),
    tx.engagement.postFacts(workspaceId, postId),
  ]);
  return {
    agentIsTrainee: trainee,
    authorIsVip: post?.vip ?? false,
    authorFollowers: post?.followers ?? null,
    influence: post?.influence ?? null,
    sentiment: post?.sentiment ?? null,
    channel: reply.channel,
    text: reply.text,
  };
}

export function presentReply(row: ReplyRow): ReplyView {
  return {
    id: row.id,
    workItemId: row.workItemId,
    conversationId: row.conversationId,
    channel: row.channel,
    text: row.text,
    status: REPLY_STATUSES.has(row.status) ? (row.status as ReplyView["status"]) : "queued",
    author: row.authorUserId ? { id: row.authorUserId, name: row.authorName ?? null } : null,
    approval:
      row.approvalRules.length > 0
        ? {
            rules: row.approvalRules,
            decidedBy: row.decidedByUserId ? { id: row.decidedByUserId } : null,
            decidedAt: row.decidedAt ? row.decidedAt.toISOString() : null,
            rejectReason: row.rejectReason,
          }
        : null,
    platformId: row.platformId,
    url: row.url,
    error: row.error,
    createdAt: row.createdAt.toISOString(),
    sentAt: row.sentAt ? row.sentAt.toISOString() : null,
  };
}

/** Publishes the item's current view, so open screens show the reply's new state. */
export async function announceWorkItem(
  store: Store,
  bus: Bus,
  workspaceId: string,
  id: string,
  seq?: number,
) {
  const item = await store.views.workItem(workspaceId, id);
  if (item) await bus.publish({ type: "work_item.updated", workspaceId, workItem: item, seq });
}

export function replyService(store: Store, bus: Bus, kindOf: KindOf = connectorKind) {
  /** What the item's source can send, or why it cannot. */
  async function channelOf(
    tx: Store,
    workspaceId: string,
    target: ReplyTarget,
  ): Promise<{ view: ReplyChannelView; capability?: ReplyCapability }> {
    const closed = (unavailable: string) => ({
      view: {
        platform: target.platform,
        unavailable,
        public: false,
        private: false,
        maxLength: 0,
        suggested: target.post.channel,
      },
    });
    if (!target.sourceId) {
      return closed("The conversation was imported: Parley cannot answer it in its channel");
    }
    const source = await tx.sources.get(target.sourceId);
    if (!source || source.workspaceId !== workspaceId) return closed("The conversation's source was removed");
    const kind = kindOf(source.kind);
    if (!kind?.create || !kind.replies) return closed(`A ${kind?.label ?? source.kind} source only listens`);
    if (!source.enabled) return closed("The conversation's source is disabled");
    const capability = kind.replies;
    return {
      view: { platform: target.platform, unavailable: null, ...capability, suggested: target.post.channel },
      capability,
    };
  }

  async function targetOf(tx: Store, workspaceId: string, workItemId: string): Promise<ReplyTarget> {
    const target = await tx.replies.target(workspaceId, workItemId);
    if (!target) throw new ParleyError("not_found", "No such work item");
    return target;
  }

  return {
    async list(principal: Principal, workItemId: string): Promise<RepliesView> {
      const workspaceId = principal.workspace.id;
      const target = await targetOf(store, workspaceId, workItemId);
      const [rows, channel] = await Promise.all([
        store.replies.forWorkItem(workspaceId, workItemId),
        channelOf(store, workspaceId, target),
      ]);
      return { items: rows.map(presentReply), channel: channel.view };
    },

    /**
     * Writes a reply to the item. `within` runs in the reply's transaction once the reply is
     * written (an incident records the item's reply there); throwing from it writes nothing.
     */
    async create(
      principal: Principal,
      workItemId: string,
      input: { text: string; channel: "public" | "private" },
      options: { within?: (tx: Store, reply: ReplyRow) => Promise<void> } = {},
    ): Promise<ReplyView> {
      const workspaceId = principal.workspace.id;
      const override = principal.user.role === "supervisor" || principal.user.role === "admin";
      let seq: number | undefined;
      const reply = await store.transaction(async (tx) => {
        const lock = await tx.workItems.lockForUpdate(workspaceId, workItemId);
        if (!lock) throw new ParleyError("not_found", "No such work item");
        assertMayAnswer(lock, principal.user.id, override);
        const target = await targetOf(tx, workspaceId, workItemId);
        const { view, capability } = await channelOf(tx, workspaceId, target);
        if (!capability) throw new ParleyError("reply_unsupported", view.unavailable ?? undefined);
        assertChannel(capability, input.channel);
        // A customer linked to the profile may have declined public answers or private contact.
        const person = { platform: target.platform, platformId: target.post.authorPlatformId };
        const purpose = input.channel === "public" ? "publicReply" : "privateContact";
        if (!(await consentFor(tx, workspaceId, person, purpose)).allowed)
          throw new ParleyError(
            "consent_declined",
            input.channel === "public"
              ? "The customer declined public answers: answer privately"
              : "The customer declined private contact",
          );
        const text = validReplyText(input.text, capability);
        if (hasPlaceholder(text)) throw new ParleyError("reply_unfilled_variable");
        const facts = await approvalFacts(tx, workspaceId, principal.user.id, target.post.id, {
          channel: input.channel,
          text,
        });
        const held = matchingRules(await tx.engagement.approvalRules.list(workspaceId), facts);
        const row = await tx.replies.create({
          workspaceId,
          workItemId,
          conversationId: target.conversationId,
          inReplyToPostId: target.post.id,
          authorUserId: principal.user.id,
          sourceId: target.sourceId!,
          channel: input.channel,
          text,
          approvalRules: held.map((r) => r.name),
        });
        const awaiting = held.length > 0;
        await tx.audit.record({
          workspaceId,
          actorUserId: principal.user.id,
          action: awaiting ? "reply.awaiting_approval" : "reply.queued",
          subjectType: "work_item",
          subjectId: workItemId,
          detail: {
            replyId: row.id,
            channel: input.channel,
            ...(awaiting ? { rules: row.approvalRules } : {}),
          },
        });
        // A reply held for approval is not queued: only its approval emits `reply.queued`.
        const [written] = await tx.events.append([
          awaiting
            ? newEvent("reply.awaiting_approval", workspaceId, { replyId: row.id, workItemId })
            : newEvent("reply.queued", workspaceId, { replyId: row.id, workItemId }),
        ]);
        seq = written?.seq;
        await options.within?.(tx, row);
        return row;
      });
      await announceWorkItem(store, bus, workspaceId, workItemId, seq);
      return presentReply({ ...reply, authorName: principal.user.name });
    },
  };
}

export type ReplyService = ReturnType<typeof replyService>;

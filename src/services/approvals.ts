/**
 * Approval rules and the supervisor's decisions. A reply that matches an enabled rule is written
 * `awaiting_approval` by the replies service; here a supervisor approves it (optionally edited),
 * which queues it with `reply.queued` so the usual `reply.send` job sends it once with the reply's
 * id as its idempotency key, or rejects it with a reason the agent sees. Decisions are conditional
 * updates on the waiting state, so of two decisions at once exactly one counts. Every change is audited.
 */

import type { Bus } from "../bus/index.ts";
import { connectorKind } from "../connectors/registry.ts";
import type { ApprovalCondition } from "../domain/approval.ts";
import type { Clock } from "../domain/clock.ts";
import type { ApprovalRuleView, ApprovalView } from "../domain/engagementViews.ts";
import { newEvent } from "../domain/events.ts";
import { assertChannel, validReplyText } from "../domain/reply.ts";
import { hasPlaceholder } from "../domain/templates.ts";
import { ParleyError } from "../errors.ts";
import type { Store } from "../store/index.ts";
import type { Principal } from "./auth.ts";
import { announceWorkItem, presentReply } from "./replies.ts";

const MAX_LISTED = 200;

function presentRule(r: {
  id: string;
  name: string;
  enabled: boolean;
  conditions: ApprovalCondition[];
  createdAt: Date;
}): ApprovalRuleView {
  return {
    id: r.id,
    name: r.name,
    enabled: r.enabled,
    conditions: r.conditions,
    createdAt: r.createdAt.toISOString(),
  };
}

export function approvalService(store: Store, bus: Bus, clock: Clock) {
  async function audit(
    tx: Store,
    principal: Principal,
    action: string,
    subjectType: string,
    subjectId: string,
    detail: Record<string, unknown>,
  ) {
    await tx.audit.record({
      workspaceId: principal.workspace.id,
      actorUserId: principal.user.id,
      action,
      subjectType,
      subjectId,
      detail,
    });
  }

  /** The waiting reply, its work item id, locked until the decision commits. */
  async function waitingReply(tx: Store, workspaceId: string, replyId: string) {
    const reply = await tx.replies.get(workspaceId, replyId);
    if (!reply) throw new ParleyError("not_found", "No such reply");
    if (reply.status !== "awaiting_approval") throw new ParleyError("reply_not_awaiting_approval");
    return reply;
  }

  return {
    async rules(principal: Principal): Promise<ApprovalRuleView[]> {
      return (await store.engagement.approvalRules.list(principal.workspace.id)).map(presentRule);
    },

    async createRule(
      principal: Principal,
      input: { name: string; enabled: boolean; conditions: ApprovalCondition[] },
    ): Promise<ApprovalRuleView> {
      return store.transaction(async (tx) => {
        const row = await tx.engagement.approvalRules.create(principal.workspace.id, input);
        await audit(tx, principal, "approval_rule.create", "approval_rule", row.id, {
          name: row.name,
          conditions: row.conditions,
        });
        return presentRule(row);
      });
    },

    async updateRule(
      principal: Principal,
      id: string,
      patch: { name?: string; enabled?: boolean; conditions?: ApprovalCondition[] },
    ): Promise<ApprovalRuleView> {
      return store.transaction(async (tx) => {
        const row = await tx.engagement.approvalRules.update(principal.workspace.id, id, patch);
        if (!row) throw new ParleyError("not_found", "No such approval rule");
        await audit(tx, principal, "approval_rule.update", "approval_rule", id, { ...patch });
        return presentRule(row);
      });
    },

    async deleteRule(principal: Principal, id: string): Promise<void> {
      await store.transaction(async (tx) => {
        if (!(await tx.engagement.approvalRules.delete(principal.workspace.id, id))) {
          throw new ParleyError("not_found", "No such approval rule");
        }
        await audit(tx, principal, "approval_rule.delete", "approval_rule", id, {});
      });
    },

    async trainees(principal: Principal): Promise<string[]> {
      return store.engagement.trainees.list(principal.workspace.id);
    },

    async setTrainee(principal: Principal, userId: string, trainee: boolean): Promise<void> {
      await store.transaction(async (tx) => {
        if (!(await tx.engagement.trainees.set(principal.workspace.id, userId, trainee))) {
          throw new ParleyError("not_found", "No such user");
        }
        await audit(tx, principal, trainee ? "user.trainee_on" : "user.trainee_off", "user", userId, {});
      });
    },

    /** Replies waiting for a supervisor, oldest first, with the post each answers. */
    async waiting(principal: Principal): Promise<ApprovalView[]> {
      const workspaceId = principal.workspace.id;
      const rows = await store.replies.awaiting(workspaceId, MAX_LISTED);
      const out: ApprovalView[] = [];
      for (const row of rows) {
        if (!row.workItemId) continue;
        const item = await store.views.workItem(workspaceId, row.workItemId);
        const post = row.inReplyToPostId ? await store.views.post(workspaceId, row.inReplyToPostId) : null;
        if (!item || !post) continue;
        out.push({
          reply: presentReply(row),
          workItem: { id: item.id, conversationId: item.conversationId, state: item.state },
          post: {
            id: post.id,
            text: post.text,
            language: post.language,
            sentiment: post.analysis?.sentiment.label ?? null,
            author: { handle: post.author.handle, name: post.author.name, followers: post.author.followers },
          },
        });
      }
      return out;
    },

    async approve(principal: Principal, replyId: string, input: { text?: string }) {
      const workspaceId = principal.workspace.id;
      let seq: number | undefined;
      const result = await store.transaction(async (tx) => {
        const reply = await waitingReply(tx, workspaceId, replyId);
        let text: string | undefined;
        if (input.text !== undefined && input.text.trim() !== reply.text) {
          // An edit is checked as the agent's text was: the platform's rules, no placeholder left.
          const source = reply.sourceId ? await tx.sources.get(reply.sourceId) : null;
          const capability = assertChannel(
            source ? connectorKind(source.kind)?.replies : undefined,
            reply.channel,
          );
          text = validReplyText(input.text, capability);
          if (hasPlaceholder(text)) throw new ParleyError("reply_unfilled_variable");
        }
        const at = new Date(clock.now());
        if (!(await tx.replies.approve(reply.id, { by: principal.user.id, at, ...(text ? { text } : {}) }))) {
          throw new ParleyError("reply_not_awaiting_approval");
        }
        await audit(
          tx,
          principal,
          text ? "reply.edit_approve" : "reply.approve",
          "work_item",
          reply.workItemId ?? reply.conversationId,
          {
            replyId: reply.id,
            rules: reply.approvalRules,
            ...(text ? { before: reply.text, after: text } : {}),
          },
        );
        const [written] = await tx.events.append([
          newEvent("reply.queued", workspaceId, { replyId: reply.id, workItemId: reply.workItemId ?? "" }),
        ]);
        seq = written?.seq;
        return reply.workItemId;
      });
      if (result) await announceWorkItem(store, bus, workspaceId, result, seq);
      const after = await store.replies.get(workspaceId, replyId);
      return presentReply(after!);
    },

    async reject(principal: Principal, replyId: string, input: { reason: string }) {
      const workspaceId = principal.workspace.id;
      const reason = input.reason.trim();
      if (!reason) throw new ParleyError("reject_reason_required");
      let seq: number | undefined;
      const workItemId = await store.transaction(async (tx) => {
        const reply = await waitingReply(tx, workspaceId, replyId);
        const at = new Date(clock.now());
        if (!(await tx.replies.reject(reply.id, { by: principal.user.id, at, reason }))) {
          throw new ParleyError("reply_not_awaiting_approval");
        }
        await audit(tx, principal, "reply.reject", "work_item", reply.workItemId ?? reply.conversationId, {
          replyId: reply.id,
          reason,
        });
        const [written] = await tx.events.append([
          newEvent("reply.rejected", workspaceId, {
            replyId: reply.id,
            workItemId: reply.workItemId ?? "",
            reason,
          }),
        ]);
        seq = written?.seq;
        return reply.workItemId;
      });
      if (workItemId) await announceWorkItem(store, bus, workspaceId, workItemId, seq);
      const after = await store.replies.get(workspaceId, replyId);
      return presentReply(after!);
    },
  };
}

export type ApprovalService = ReturnType<typeof approvalService>;

/**
 * `reply.send`: started by `reply.queued`, sends the reply through the connector of the source its
 * conversation came from, with the reply's id as the idempotency key, so a retried or repeated run
 * sends it once at the peer. The sent reply is stored as the brand's post in the thread (which
 * marks the first response) in the transaction that marks it sent and emits `reply.sent`. A peer
 * that refuses, a source that is gone, or the last attempt failing marks it failed with the reason
 * and emits `reply.failed`; the job then lands in the dead letters.
 */
import type { Bus } from "../bus/index.ts";
import type { ConnectorKind } from "../connectors/contract.ts";
import { isPeerError } from "../connectors/contract.ts";
import { connectorKind } from "../connectors/registry.ts";
import type { SecretBox } from "../connectors/secretBox.ts";
import { newEvent } from "../domain/events.ts";
import { TOKEN_STAND_IN, withToken } from "../domain/linkConfirmation.ts";
import { extractHashtags, extractMentions, type NormalizedPost, type Platform } from "../domain/post.ts";
import { ParleyError } from "../errors.ts";
import type { IngestPipeline } from "../pipeline/pipeline.ts";
import { tokenOf } from "../services/linkConfirmations.ts";
import type { Store } from "../store/index.ts";
import { type JobDefinition, PermanentJobError } from "./definition.ts";

export interface ReplySendDeps {
  pipeline: IngestPipeline;
  bus: Bus;
  box: SecretBox;
  kindOf?: (name: string) => ConnectorKind<Record<string, unknown>> | undefined;
}

export const REPLY_SEND = "reply.send";
/** Times a reply waits for a platform's rate limit before it fails. */
const MAX_WAITS = 10;
const RETRIES = { max: 6, baseMs: 2000, maxMs: 5 * 60_000 };

export function replySendJob(deps: ReplySendDeps): JobDefinition {
  const kindOf = deps.kindOf ?? connectorKind;

  async function announce(store: Store, workspaceId: string, workItemId: string | null) {
    if (!workItemId) return;
    const item = await store.views.workItem(workspaceId, workItemId);
    if (item) await deps.bus.publish({ type: "work_item.updated", workspaceId, workItem: item });
  }

  async function fail(
    store: Store,
    workspaceId: string,
    replyId: string,
    workItemId: string | null,
    reason: string,
  ) {
    const changed = await store.transaction(async (tx) => {
      if (!(await tx.replies.markFailed(replyId, reason))) return false;
      await tx.events.append([
        newEvent("reply.failed", workspaceId, { replyId, workItemId: workItemId ?? "", reason }),
      ]);
      return true;
    });
    if (changed) await announce(store, workspaceId, workItemId);
  }

  return {
    name: REPLY_SEND,
    trigger: { event: ["reply.queued"] },
    retries: RETRIES,
    payload: (event) =>
      event.type === "reply.queued" && event.workspaceId
        ? { replyId: event.data.replyId, workspaceId: event.workspaceId }
        : null,
    async run(job, { store, clock, signal }) {
      const workspaceId = String(job.payload.workspaceId);
      const reply = await store.replies.get(workspaceId, String(job.payload.replyId));
      // Sent or failed by an earlier run: nothing left to do.
      if (reply?.status !== "queued") return;
      const giveUp = async (code: string, reason: string): Promise<never> => {
        await fail(store, workspaceId, reply.id, reply.workItemId, reason);
        throw new PermanentJobError(code, reason);
      };
      const source = reply.sourceId ? await store.sources.get(reply.sourceId) : null;
      if (!source || source.workspaceId !== workspaceId)
        return giveUp("source_missing", "The source was removed");
      const kind = kindOf(source.kind);
      if (!kind?.create || !kind.replies)
        return giveUp("reply_unsupported", `A ${source.kind} source cannot send`);
      const answered = reply.inReplyToPostId
        ? await store.replies.answered(workspaceId, reply.inReplyToPostId)
        : null;
      if (!answered) return giveUp("post_missing", "The post answered is no longer stored");

      // A link confirmation's message gets its one-time token only now: the stored text holds a stand-in.
      const request = reply.text.endsWith(TOKEN_STAND_IN)
        ? await store.linkConfirmations.byReply(workspaceId, reply.id)
        : null;
      // Its request gone (the customer erased meanwhile): a message with a dead link is not sent.
      if (reply.text.endsWith(TOKEN_STAND_IN) && !request)
        return giveUp("link_request_gone", "The confirmation request it carried no longer exists");
      let text = reply.text;
      if (request) {
        try {
          text = withToken(reply.text, tokenOf(deps.box, request.id)) ?? reply.text;
        } catch (err) {
          if (err instanceof ParleyError) return giveUp(err.code, err.message);
          throw err;
        }
      }

      let connector: ReturnType<NonNullable<typeof kind.create>>;
      try {
        connector = kind.create({
          id: source.id,
          workspaceId,
          kind: source.kind,
          name: source.name,
          settings: kind.settings.parse(source.config),
          credentials: source.credentials ? deps.box.open(source.credentials) : {},
        });
      } catch (err) {
        return giveUp("source_invalid", `The source cannot start: ${(err as Error).message}`);
      }
      if (!connector.send) return giveUp("reply_unsupported", `A ${source.kind} source cannot send`);
      let sent: Awaited<ReturnType<NonNullable<typeof connector.send>>>;
      try {
        sent = await connector.send(
          {
            idempotencyKey: reply.id,
            text,
            inReplyTo: answered.platformId,
            channel: reply.channel,
            context: { authorHandle: answered.authorHandle, rootPlatformId: answered.rootPlatformId },
          },
          { clock, signal },
        );
      } catch (err) {
        const reason = err instanceof Error ? err.message : String(err);
        if (isPeerError(err) && err.kind === "refused") return giveUp("reply_refused", reason);
        const waits = Number(job.payload.waits ?? 0);
        if (isPeerError(err) && err.kind === "rate_limited" && waits < MAX_WAITS) {
          // The platform said when it takes posts again: the reply waits until then, its attempts
          // intact, instead of spending them on backoffs shorter than the platform's window.
          const at = Math.max(err.retryAt ?? clock.now() + 60_000, clock.now() + 1000);
          await store.jobs.enqueue({
            name: REPLY_SEND,
            key: `reply:${reply.id}:wait:${waits + 1}`,
            workspaceId,
            payload: { ...job.payload, waits: waits + 1 },
            runAt: new Date(at),
            maxAttempts: RETRIES.max,
          });
          return;
        }
        if (job.attempts >= job.maxAttempts)
          await fail(store, workspaceId, reply.id, reply.workItemId, reason);
        throw err;
      } finally {
        await connector.close?.().catch(() => undefined);
      }

      const workspace = await store.workspaces.get(workspaceId);
      const handle = sent.author?.handle ?? workspace?.brandHandles[0] ?? "brand";
      const platform = answered.platform as Platform;
      // The brand's post keeps the stand-in, never the token (nor a platform's copy of the text holding it).
      const stored = request ? reply.text : (sent.text ?? reply.text);
      const post: NormalizedPost = {
        platform,
        platformId: sent.platformId,
        ...(sent.url ? { url: sent.url } : {}),
        text: stored,
        createdAt: sent.createdAt ?? new Date(clock.now()),
        author: {
          platform,
          platformId: sent.author?.platformId ?? handle,
          handle,
          ...(sent.author?.name ? { name: sent.author.name } : {}),
          isBrand: true,
        },
        replyToPlatformId: answered.platformId,
        replyToHandle: answered.authorHandle,
        channel: reply.channel,
        mentions: extractMentions(stored),
        hashtags: extractHashtags(stored),
        raw: { replyId: reply.id, platformId: sent.platformId },
        ...(source.kind === "demo" ? { demo: true } : {}),
      };
      await deps.pipeline.submit(workspaceId, [post], {
        requireMatch: false,
        sourceId: source.id,
        withLastBatch: async (tx) => {
          const at = new Date(clock.now());
          if (
            !(await tx.replies.markSent(reply.id, { platformId: sent.platformId, url: sent.url ?? null, at }))
          )
            return;
          await tx.events.append([
            newEvent("reply.sent", workspaceId, {
              replyId: reply.id,
              workItemId: reply.workItemId ?? "",
              platformId: sent.platformId,
            }),
          ]);
        },
      });
      await announce(store, workspaceId, reply.workItemId);
    },
  };
}

/**
 * The rules of answering a work item: who may, on which channel, and what text the platform takes.
 * Pure: the replies service reads the item and the source, these decide.
 */
import { ParleyError } from "../errors.ts";
import { unstorableReason } from "./storableText.ts";
import type { WorkItemState } from "./workItem.ts";

export type ReplyChannel = "public" | "private";

/** What a kind of source can answer: the channels it sends on and the platform's length limit. */
export interface ReplyCapability {
  public: boolean;
  private: boolean;
  /** Characters (code points) a reply may hold on the platform. */
  maxLength: number;
}

/** Length as platforms count it: code points, not UTF-16 units (an emoji is one). */
export function replyLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** An agent answers the item they hold; a supervisor or admin any open one. */
export function assertMayAnswer(
  item: { state: WorkItemState; assigneeId: string | null },
  actorId: string,
  override: boolean,
): void {
  if (item.state !== "new" && item.state !== "reserved") throw new ParleyError("work_item_closed");
  if (override) return;
  if (item.state === "reserved" && item.assigneeId !== actorId) throw new ParleyError("work_item_reserved");
  if (item.state !== "reserved") throw new ParleyError("work_item_not_held");
}

/** The text as it will be sent (trimmed at both ends), or the catalogue error that refuses it. */
export function validReplyText(text: string, capability: ReplyCapability): string {
  const trimmed = text.trim();
  if (trimmed.length === 0) throw new ParleyError("reply_empty");
  const reason = unstorableReason(trimmed);
  if (reason) throw new ParleyError("invalid_encoding", `The reply ${reason}`);
  const length = replyLength(trimmed);
  if (length > capability.maxLength) {
    throw new ParleyError(
      "reply_too_long",
      `The reply has ${length} characters; the platform takes at most ${capability.maxLength}`,
      { length, maxLength: capability.maxLength },
    );
  }
  return trimmed;
}

/** Whether the source answers at all and on the asked channel. */
export function assertChannel(
  capability: ReplyCapability | undefined,
  channel: ReplyChannel,
): ReplyCapability {
  if (!capability) throw new ParleyError("reply_unsupported");
  if (!capability[channel]) {
    throw new ParleyError(
      "reply_channel_unsupported",
      `This conversation's source cannot answer ${channel === "private" ? "by private message" : "publicly"}`,
    );
  }
  return capability;
}

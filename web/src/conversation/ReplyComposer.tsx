/**
 * The reply composer: answers the work item in its source's channel, publicly or by private
 * message, with the platform's character count; lists the item's replies with their state, kept
 * current by the live socket. A conversation whose source cannot send says why instead.
 */
import { useCallback, useEffect, useId, useRef, useState } from "react";
import { api } from "../api/client.ts";
import { plainErrorMessage } from "../api/errorMessages.ts";
import type { RepliesView, ReplyView, WorkItemView } from "../api/types.ts";
import { useSession } from "../auth/SessionContext.tsx";
import { useLiveListener } from "../live/LiveContext.tsx";
import { TemplatePicker } from "./TemplatePicker.tsx";

/** Characters as platforms count them: code points, so an emoji is one. */
export function characterCount(text: string): number {
  let n = 0;
  for (const _ of text.trim()) n++;
  return n;
}

const STATUS_WORDS: Record<ReplyView["status"], string> = {
  awaiting_approval: "Waiting for approval",
  rejected: "Rejected",
  queued: "Sending…",
  sent: "Sent",
  failed: "Failed",
};

function mayAnswer(item: WorkItemView, userId: string, role: string): boolean {
  if (item.state !== "new" && item.state !== "reserved") return false;
  if (role === "supervisor" || role === "admin") return true;
  return role === "agent" && item.state === "reserved" && item.assignee?.id === userId;
}

export function ReplyComposer({
  item,
  onSent,
  consent = null,
}: {
  item: WorkItemView;
  onSent(): void;
  /** What the linked customer allows, shown before sending; null while unknown or unlinked. */
  consent?: { publicReply: boolean; privateContact: boolean } | null;
}) {
  const { user } = useSession();
  const [replies, setReplies] = useState<RepliesView | null>(null);
  const [text, setText] = useState("");
  const [channel, setChannel] = useState<"public" | "private" | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const sentIds = useRef<Set<string> | null>(null);
  const textId = useId();
  const countId = useId();

  const load = useCallback(() => {
    api.replies(item.id).then(
      (loaded) => {
        setReplies(loaded);
        const sent = new Set(loaded.items.filter((r) => r.status === "sent").map((r) => r.id));
        // A reply that went out since the last look is now the brand's post in the thread.
        if (sentIds.current && [...sent].some((id) => !sentIds.current!.has(id))) onSent();
        sentIds.current = sent;
      },
      (failure: unknown) => setError(plainErrorMessage(failure)),
    );
  }, [item.id, onSent]);

  useEffect(load, [load]);
  useLiveListener({ onWorkItem: (changed) => changed.id === item.id && load() });

  if (!replies) return null;
  const { channel: replyChannel } = replies;
  // A channel the customer declined is closed as if the platform lacked it.
  const how = {
    ...replyChannel,
    public: replyChannel.public && consent?.publicReply !== false,
    private: replyChannel.private && consent?.privateContact !== false,
  };
  const chosen = channel ?? (how[how.suggested] ? how.suggested : how.public ? "public" : "private");
  const count = characterCount(text);
  const over = count > how.maxLength;
  const allowed = mayAnswer(item, user.id, user.role);

  async function send(event: React.FormEvent) {
    event.preventDefault();
    if (busy || count === 0 || over || !allowed || !how[chosen]) return;
    setBusy(true);
    setError(null);
    try {
      const reply = await api.sendReply(item.id, { text, channel: chosen });
      setReplies((current) => (current ? { ...current, items: [...current.items, reply] } : current));
      setText("");
    } catch (failure) {
      setError(plainErrorMessage(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="panel panel--reply" aria-labelledby="reply-title">
      <h2 id="reply-title" className="panel__title">
        Reply
        <span className="panel__aside">{how.platform}</span>
      </h2>
      {replies.items.length > 0 && (
        <ol className="replies" aria-label="Replies" aria-live="polite">
          {replies.items.map((reply) => (
            <li key={reply.id} className="reply">
              <p className="reply__text">{reply.text}</p>
              <p className="reply__meta">
                <span className={`reply-state reply-state--${reply.status}`}>
                  {STATUS_WORDS[reply.status]}
                </span>{" "}
                {reply.channel === "private" ? "by private message" : "publicly"}
                {reply.author?.name ? ` · ${reply.author.name}` : reply.author ? "" : " · survey invitation"}
                {reply.url && (
                  <>
                    {" · "}
                    <a href={reply.url} target="_blank" rel="noopener noreferrer">
                      View on {how.platform}
                    </a>
                  </>
                )}
              </p>
              {reply.status === "failed" && reply.error && <p className="reply__error">{reply.error}</p>}
              {reply.status === "awaiting_approval" && reply.approval && (
                <p className="reply__note">
                  A supervisor approves it first: {reply.approval.rules.join(", ")}
                </p>
              )}
              {reply.status === "rejected" && reply.approval?.rejectReason && (
                <p className="reply__error">Rejected: {reply.approval.rejectReason}</p>
              )}
            </li>
          ))}
        </ol>
      )}
      {how.unavailable ? (
        <p className="muted" role="note">
          {how.unavailable}
        </p>
      ) : (
        <form className="composer" onSubmit={send}>
          {allowed && <TemplatePicker workItemId={item.id} onInsert={setText} />}
          {consent && (!consent.publicReply || !consent.privateContact) && (
            <p className="consent-note" role="note">
              {!consent.publicReply && !consent.privateContact
                ? "The customer declined public answers and private messages."
                : !consent.publicReply
                  ? "The customer declined public answers: answer by private message."
                  : "The customer declined private messages: answer publicly."}
            </p>
          )}
          <fieldset className="composer__channels">
            <legend className="visually-hidden">Channel</legend>
            <label>
              <input
                type="radio"
                name="reply-channel"
                checked={chosen === "public"}
                disabled={!how.public}
                onChange={() => setChannel("public")}
              />{" "}
              Public reply
            </label>
            <label>
              <input
                type="radio"
                name="reply-channel"
                checked={chosen === "private"}
                disabled={!how.private}
                onChange={() => setChannel("private")}
              />{" "}
              Private message
            </label>
          </fieldset>
          <label className="visually-hidden" htmlFor={textId}>
            Reply to @{item.post.author.handle}
          </label>
          <textarea
            id={textId}
            className="composer__text"
            rows={4}
            value={text}
            placeholder={allowed ? `Reply to @${item.post.author.handle}` : "Claim the item to answer it"}
            disabled={!allowed}
            aria-describedby={countId}
            aria-invalid={over}
            onChange={(e) => setText(e.target.value)}
          />
          <div className="composer__foot">
            <span id={countId} className={over ? "composer__count composer__count--over" : "composer__count"}>
              {count} / {how.maxLength}
            </span>
            <button
              type="submit"
              className="button button--primary"
              disabled={busy || !allowed || count === 0 || over || !how[chosen]}
            >
              Send
            </button>
          </div>
        </form>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

/**
 * The supervisor's approvals: replies held by an approval rule, each with the post it answers.
 * Approve as written, edit then approve, or reject with a reason the agent sees. Kept current by
 * the live socket (a reply waiting or decided changes its work item).
 */
import { useCallback, useEffect, useId, useState } from "react";
import { api } from "../api/client.ts";
import type { ApprovalView } from "../api/engagementTypes.ts";
import { plainErrorMessage } from "../api/errorMessages.ts";
import { useLiveListener } from "../live/LiveContext.tsx";
import { conversationHref } from "../router.ts";
import { ErrorBanner } from "../shell/ErrorBanner.tsx";

export function ApprovalsPage() {
  const [items, setItems] = useState<ApprovalView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState("");

  const load = useCallback(() => {
    api.approvals().then(
      (next) => {
        setItems(next.items);
        setError(null);
      },
      (failure: unknown) => setError(plainErrorMessage(failure)),
    );
  }, []);

  useEffect(() => {
    document.title = "Approvals · Parley";
    load();
  }, [load]);
  useLiveListener({ onWorkItem: load, onResync: load });

  const decided = (words: string) => {
    setAnnouncement(words);
    load();
    // The next reply's text box, so a supervisor goes through the list from the keyboard.
    requestAnimationFrame(() => document.querySelector<HTMLTextAreaElement>(".approval textarea")?.focus());
  };

  return (
    <main className="admin-page" aria-labelledby="approvals-title">
      <header className="page-header">
        <h1 id="approvals-title">Approvals</h1>
      </header>
      <ErrorBanner error={error} />
      <p className="visually-hidden" role="status">
        {announcement}
      </p>
      <div className="admin-page__body">
        {items?.length === 0 && <p className="empty">No reply is waiting for approval.</p>}
        {items && items.length > 0 && (
          <ol className="approvals" aria-label="Replies waiting for approval">
            {items.map((item) => (
              <ApprovalCard key={item.reply.id} item={item} onDecided={decided} />
            ))}
          </ol>
        )}
      </div>
    </main>
  );
}

function ApprovalCard({ item, onDecided }: { item: ApprovalView; onDecided(words: string): void }) {
  const [text, setText] = useState(item.reply.text);
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const textId = useId();
  const reasonId = useId();
  const author = item.post.author;

  async function decide(work: () => Promise<unknown>, words: string) {
    setBusy(true);
    setError(null);
    try {
      await work();
      onDecided(words);
    } catch (failure) {
      setError(plainErrorMessage(failure));
      setBusy(false);
    }
  }

  const edited = text.trim() !== item.reply.text;
  return (
    <li className="approval">
      <p className="approval__meta">
        {item.reply.author?.name ?? "Someone"} answers @{author.handle}
        {author.followers !== null ? ` (${author.followers.toLocaleString("en")} followers)` : ""}
        {item.post.sentiment ? ` · ${item.post.sentiment} post` : ""} · held by{" "}
        {item.reply.approval?.rules.join(", ")} ·{" "}
        <a href={conversationHref(item.workItem.conversationId, item.workItem.id)}>Open the conversation</a>
      </p>
      <p className="approval__post approval__text">{item.post.text}</p>
      <label className="field" htmlFor={textId}>
        <span>Reply {item.reply.channel === "private" ? "(private message)" : "(public)"}</span>
      </label>
      <textarea id={textId} rows={3} value={text} onChange={(e) => setText(e.target.value)} />
      <div className="stack-form__actions">
        <button
          type="button"
          className="button button--primary"
          disabled={busy || text.trim().length === 0}
          onClick={() =>
            decide(() => api.approveReply(item.reply.id, edited ? text : undefined), "Reply approved")
          }
        >
          {edited ? "Approve edited reply" : "Approve"}
        </button>
        <label className="field field--inline" htmlFor={reasonId}>
          <span>Reason</span>
        </label>
        <input id={reasonId} value={reason} maxLength={1000} onChange={(e) => setReason(e.target.value)} />
        <button
          type="button"
          className="button"
          disabled={busy || reason.trim().length === 0}
          onClick={() => decide(() => api.rejectReply(item.reply.id, reason), "Reply rejected")}
        >
          Reject
        </button>
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}

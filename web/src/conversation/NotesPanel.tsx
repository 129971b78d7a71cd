import { type FormEvent, useEffect, useId, useState } from "react";
import { request } from "../api/client.ts";
import { plainErrorMessage } from "../api/errorMessages.ts";
import type { WorkItemView } from "../api/types.ts";
import { useSession } from "../auth/SessionContext.tsx";
import { fullTimestamp } from "../format/time.ts";

interface NoteView {
  id: string;
  text: string;
  author: { id: string; name: string | null } | null;
  createdAt: string;
}

/** Internal notes on the work item, for colleagues: never sent to the customer. Text renders as text. */
export function NotesPanel({ item }: { item: WorkItemView }) {
  const { user } = useSession();
  const ids = useId();
  const [notes, setNotes] = useState<NoteView[]>([]);
  const [text, setText] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const path = `/api/work-items/${encodeURIComponent(item.id)}/notes`;

  useEffect(() => {
    let current = true;
    request<{ items: NoteView[] }>("GET", path).then(
      (found) => current && setNotes(found.items),
      (failure: unknown) => current && setError(plainErrorMessage(failure)),
    );
    return () => {
      current = false;
    };
  }, [path]);

  async function add(event: FormEvent) {
    event.preventDefault();
    if (busy || !text.trim()) return;
    setBusy(true);
    setError(null);
    try {
      const note = await request<NoteView>("POST", path, { text });
      setNotes((list) => [...list, note]);
      setText("");
    } catch (failure) {
      setError(plainErrorMessage(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="panel" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`} className="panel__title">
        Notes
      </h2>
      {notes.length === 0 ? (
        <p className="muted">No notes yet.</p>
      ) : (
        <ol className="timeline" aria-label="Notes">
          {notes.map((note) => (
            <li key={note.id} className="timeline__entry">
              <div className="timeline__meta">
                <span>{note.author?.name ?? "Someone"}</span> ·{" "}
                <time dateTime={note.createdAt}>{fullTimestamp(note.createdAt)}</time>
              </div>
              <p className="timeline__text">{note.text}</p>
            </li>
          ))}
        </ol>
      )}
      {user.role !== "analyst" && (
        <form onSubmit={add} className="notes__form">
          <label htmlFor={`${ids}-text`}>Add a note (only colleagues see it)</label>
          <textarea
            id={`${ids}-text`}
            rows={2}
            maxLength={4000}
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
          <button type="submit" className="button button--small" disabled={busy || !text.trim()}>
            Add note
          </button>
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

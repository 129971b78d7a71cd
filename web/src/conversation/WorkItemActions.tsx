import { useState } from "react";
import { ApiError, api } from "../api/client.ts";
import { plainErrorMessage } from "../api/errorMessages.ts";
import type { DiscardReason, WorkItemView } from "../api/types.ts";
import { useSession } from "../auth/SessionContext.tsx";
import { AssigneeCell } from "../inbox/AssigneeCell.tsx";
import { useHotkeys } from "../shell/useHotkeys.ts";
import { useNow } from "../shell/useNow.ts";
import { SlaBadge } from "../sla/SlaBadge.tsx";
import { DiscardForm } from "./DiscardForm.tsx";
import { allowedActions, type WorkItemAction } from "./workItemRules.ts";

const CLOSED_WORDS: Partial<Record<WorkItemView["state"], string>> = {
  handled: "Resolved",
  discarded: "Discarded",
  queued_external: "Handed to the external contact center",
};

/** Errors that mean our copy of the item is stale: fetch it again so the buttons tell the truth. */
const STALE_CODES = new Set([
  "work_item_reserved",
  "invalid_transition",
  "not_found",
  "not_offered",
  "offer_expired",
  "work_item_not_held",
]);

export function WorkItemActions({
  item,
  onChanged,
}: {
  item: WorkItemView;
  onChanged(item: WorkItemView): void;
}) {
  const { user } = useSession();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [discarding, setDiscarding] = useState(false);
  const allowed = allowedActions(item, user.id, user.role);

  async function run(action: WorkItemAction, reason?: DiscardReason) {
    if (!allowed.has(action) || busy) return;
    if (action === "discard" && !reason) return;
    setBusy(true);
    setError(null);
    try {
      const updated = action === "discard" ? await api.discard(item.id, reason!) : await api[action](item.id);
      onChanged(updated);
      setDiscarding(false);
    } catch (failure) {
      setError(plainErrorMessage(failure));
      if (failure instanceof ApiError && STALE_CODES.has(failure.code)) {
        api.workItem(item.id).then(onChanged, () => undefined);
      }
    } finally {
      setBusy(false);
    }
  }

  useHotkeys({
    c: () => run("claim"),
    u: () => run("release"),
    r: () => run("resolve"),
    d: () => allowed.has("discard") && setDiscarding(true),
  });

  const closed = CLOSED_WORDS[item.state];
  return (
    <section className="panel panel--actions" aria-labelledby="work-item-title">
      <h2 id="work-item-title" className="panel__title">
        Work item
        <span className="panel__aside">
          {closed ? (
            <span className={`state state--${item.state}`}>{closed}</span>
          ) : (
            <AssigneeCell item={item} userId={user.id} />
          )}
        </span>
      </h2>
      {item.sla && <SlaLine item={item} />}
      {item.offer && item.state === "new" && (
        <p className="muted">
          {item.offer.agent.id === user.id ? "Offered to you" : `Reserved for ${item.offer.agent.name}`} until{" "}
          {new Date(item.offer.expiresAt).toLocaleTimeString()}
        </p>
      )}
      {closed && (
        <p className="muted">
          Nothing left to do here{item.discardReason ? ` (discarded as ${item.discardReason})` : ""}.
        </p>
      )}
      {!closed && user.role === "analyst" && (
        <p className="muted">Analysts can read work items but not handle them.</p>
      )}
      {!closed && (
        <fieldset className="actions">
          <legend className="visually-hidden">Work item actions</legend>
          {allowed.has("accept") && (
            <>
              <button
                type="button"
                className="button button--primary"
                disabled={busy}
                onClick={() => run("accept")}
              >
                Accept offer
              </button>
              <button type="button" className="button" disabled={busy} onClick={() => run("decline")}>
                Decline
              </button>
            </>
          )}
          <button
            type="button"
            className="button button--primary"
            disabled={busy || !allowed.has("claim")}
            onClick={() => run("claim")}
          >
            Claim <kbd>c</kbd>
          </button>
          <button
            type="button"
            className="button"
            disabled={busy || !allowed.has("release")}
            onClick={() => run("release")}
          >
            Release <kbd>u</kbd>
          </button>
          <button
            type="button"
            className="button button--success"
            disabled={busy || !allowed.has("resolve")}
            onClick={() => run("resolve")}
          >
            Resolve <kbd>r</kbd>
          </button>
          <button
            type="button"
            className="button"
            aria-expanded={discarding}
            disabled={busy || !allowed.has("discard")}
            onClick={() => setDiscarding((open) => !open)}
          >
            Discard… <kbd>d</kbd>
          </button>
        </fieldset>
      )}
      {discarding && !closed && (
        <DiscardForm
          busy={busy}
          onDiscard={(reason) => run("discard", reason)}
          onCancel={() => setDiscarding(false)}
        />
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

function SlaLine({ item }: { item: WorkItemView }) {
  const now = useNow();
  return (
    <p className="sla-line">
      <span className="muted">SLA </span>
      <SlaBadge sla={item.sla} now={now} long />
    </p>
  );
}

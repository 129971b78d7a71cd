/**
 * Choosing a reply template in the composer: the templates in the post's language come first; a
 * template that needs an order number asks for it; the filled text replaces the draft, and a
 * missing value is said before anything is sent.
 */
import { useEffect, useId, useState } from "react";
import { api } from "../api/client.ts";
import type { ItemTemplatesView } from "../api/engagementTypes.ts";
import { plainErrorMessage } from "../api/errorMessages.ts";

export function TemplatePicker({
  workItemId,
  onInsert,
}: {
  workItemId: string;
  onInsert(text: string): void;
}) {
  const [offered, setOffered] = useState<ItemTemplatesView | null>(null);
  const [chosen, setChosen] = useState("");
  const [orderNumber, setOrderNumber] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const selectId = useId();
  const orderId = useId();
  const errorId = useId();

  useEffect(() => {
    api.itemTemplates(workItemId).then(
      (next) => {
        setOffered(next);
        setChosen(next.items[0]?.id ?? "");
      },
      (failure: unknown) => setError(plainErrorMessage(failure)),
    );
  }, [workItemId]);

  if (!offered || offered.items.length === 0) return null;
  const template = offered.items.find((t) => t.id === chosen);
  const needsOrder = template?.askFor.includes("order_number") ?? false;

  async function insert() {
    if (!template || busy) return;
    setBusy(true);
    setError(null);
    try {
      const rendered = await api.renderTemplate(workItemId, template.id, {
        language: template.preferred.language,
        values: needsOrder ? { order_number: orderNumber } : {},
      });
      onInsert(rendered.text);
    } catch (failure) {
      setError(plainErrorMessage(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <fieldset className="template-picker">
      <legend className="visually-hidden">Answer with a template</legend>
      <label htmlFor={selectId}>Template</label>
      <select id={selectId} value={chosen} onChange={(e) => setChosen(e.target.value)}>
        {offered.items.map((t) => (
          <option key={t.id} value={t.id}>
            {t.name} ({t.preferred.language})
          </option>
        ))}
      </select>
      {needsOrder && (
        <label className="field field--inline">
          <span>Order number</span>
          <input
            id={orderId}
            value={orderNumber}
            maxLength={40}
            aria-invalid={error !== null}
            aria-describedby={error ? errorId : undefined}
            onChange={(e) => setOrderNumber(e.target.value)}
          />
        </label>
      )}
      <button type="button" className="button" onClick={insert} disabled={busy || !template}>
        Insert template
      </button>
      {error && (
        <p id={errorId} className="form-error" role="alert">
          {error}
        </p>
      )}
    </fieldset>
  );
}

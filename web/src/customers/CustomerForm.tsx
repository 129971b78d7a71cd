/** Creating or editing a customer: identifiers as lists, tier, language, consent and custom fields. */
import { type FormEvent, useState } from "react";
import { plainErrorMessage } from "../api/errorMessages.ts";
import { type CustomerInput, type CustomerView, customerApi } from "./customerApi.ts";
import { CONSENT_WORDS, splitList, TIER_WORDS } from "./customerWords.ts";

interface Draft {
  externalId: string;
  name: string;
  emails: string;
  phones: string;
  handles: string;
  orders: string;
  location: string;
  tier: CustomerView["tier"];
  language: string;
  consent: CustomerView["consent"];
  customFields: string;
}

function draftOf(c: CustomerView | null): Draft {
  return {
    externalId: c?.externalId ?? "",
    name: c?.name ?? "",
    emails: c?.emails.join(", ") ?? "",
    phones: c?.phones.join(", ") ?? "",
    handles: c
      ? Object.entries(c.handles)
          .flatMap(([p, hs]) => hs.map((h) => `${p}:${h}`))
          .join(", ")
      : "",
    orders: c?.orders.join(", ") ?? "",
    location: c?.location ?? "",
    tier: c?.tier ?? "standard",
    language: c?.language ?? "",
    consent: c?.consent ?? { publicReply: true, privateContact: true, survey: true },
    customFields: c
      ? Object.entries(c.customFields)
          .map(([k, v]) => `${k}=${v}`)
          .join("\n")
      : "",
  };
}

function inputOf(d: Draft): CustomerInput {
  const handles: Record<string, string[]> = {};
  for (const item of splitList(d.handles)) {
    const [platform, handle] = item.includes(":") ? item.split(":", 2) : ["x", item];
    if (platform && handle) handles[platform.trim()] = [...(handles[platform.trim()] ?? []), handle.trim()];
  }
  const customFields: Record<string, string> = {};
  for (const line of d.customFields.split("\n")) {
    const eq = line.indexOf("=");
    if (eq > 0) customFields[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  return {
    externalId: d.externalId.trim() || null,
    name: d.name.trim() || null,
    emails: splitList(d.emails),
    phones: splitList(d.phones),
    handles,
    orders: splitList(d.orders),
    location: d.location.trim() || null,
    tier: d.tier,
    language: d.language.trim() || null,
    consent: d.consent,
    customFields,
  };
}

export function CustomerForm({
  customer,
  onSaved,
  onCancel,
}: {
  customer: CustomerView | null;
  onSaved(saved: CustomerView): void;
  onCancel(): void;
}) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(customer));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));

  async function save(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const input = inputOf(draft);
      onSaved(customer ? await customerApi.update(customer.id, input) : await customerApi.create(input));
    } catch (failure) {
      setError(plainErrorMessage(failure));
    } finally {
      setBusy(false);
    }
  }

  const text = (
    key: "externalId" | "name" | "emails" | "phones" | "handles" | "orders" | "location" | "language",
    label: string,
    help?: string,
  ) => (
    <label className="field">
      <span>{label}</span>
      <input value={draft[key]} onChange={(e) => set(key, e.target.value)} />
      {help && <span className="field-help">{help}</span>}
    </label>
  );

  return (
    <form
      className="panel customer-form"
      onSubmit={save}
      aria-label={customer ? "Edit customer" : "New customer"}
    >
      <h2 className="panel__title">{customer ? "Edit customer" : "New customer"}</h2>
      <div className="customer-form__grid">
        {text("name", "Name")}
        {text("externalId", "CRM id")}
        {text("emails", "Emails", "Comma-separated")}
        {text("phones", "Phones", "Comma-separated")}
        {text("handles", "Handles", "platform:handle, comma-separated (x:ada_o, mastodon:ada)")}
        {text("orders", "Order numbers", "Comma-separated")}
        {text("location", "Location")}
        {text("language", "Language", "ISO code such as en")}
        <label className="field">
          <span>Tier</span>
          <select value={draft.tier} onChange={(e) => set("tier", e.target.value as Draft["tier"])}>
            {(Object.keys(TIER_WORDS) as Draft["tier"][]).map((t) => (
              <option key={t} value={t}>
                {TIER_WORDS[t]}
              </option>
            ))}
          </select>
        </label>
      </div>
      <fieldset className="customer-form__consent">
        <legend>The customer allows</legend>
        {(Object.keys(CONSENT_WORDS) as (keyof Draft["consent"])[]).map((k) => (
          <label key={k} className="checkbox">
            <input
              type="checkbox"
              checked={draft.consent[k]}
              onChange={(e) => set("consent", { ...draft.consent, [k]: e.target.checked })}
            />{" "}
            {CONSENT_WORDS[k]}
          </label>
        ))}
      </fieldset>
      <label className="field">
        <span>Custom fields</span>
        <textarea rows={3} value={draft.customFields} onChange={(e) => set("customFields", e.target.value)} />
        <span className="field-help">One name=value a line</span>
      </label>
      <div className="row-actions">
        <button type="submit" className="button button--primary" disabled={busy}>
          {customer ? "Save" : "Create customer"}
        </button>
        <button type="button" className="button button--quiet" onClick={onCancel}>
          Cancel
        </button>
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

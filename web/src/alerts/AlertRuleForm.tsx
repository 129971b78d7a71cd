import { type FormEvent, useId, useState } from "react";
import { plainErrorMessage } from "../api/errorMessages.ts";
import type {
  AlertChannel,
  AlertCondition,
  AlertKind,
  AlertRuleRequest,
  AlertRuleView,
} from "../api/types.ts";

const KIND_WORDS: Record<AlertKind, string> = {
  tag: "A label value (intent, topic, sentiment…)",
  vip: "A VIP author posts",
  keyword: "Words or phrases",
  threshold: "Distinct authors in a window exceed a number",
  spike: "A spike against the usual level",
};

type TagLabel = "intent" | "topic" | "sentiment" | "language" | "platform";
type ThresholdDimension = "total" | TagLabel;
type SpikeDimension = "topic" | "intent" | "sentiment";

/** One entry per line or comma, blanks dropped. */
export function splitList(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

interface Draft {
  name: string;
  kind: AlertKind;
  tagLabel: TagLabel;
  value: string;
  keywords: string;
  dimension: ThresholdDimension;
  spikeDimension: SpikeDimension;
  windowHours: string;
  authors: string;
  webhooks: string;
  emails: string;
  chats: string;
  quietMinutes: string;
  allowPrivateNetwork: boolean;
  enabled: boolean;
}

function draftOf(rule: AlertRuleView | null): Draft {
  const c = rule?.condition;
  const channels = rule?.channels ?? [];
  const urls = (type: "webhook" | "chat") =>
    channels
      .filter((ch): ch is Extract<AlertChannel, { type: typeof type }> => ch.type === type)
      .map((ch) => ch.url)
      .join("\n");
  return {
    name: rule?.name ?? "",
    kind: c?.kind ?? "keyword",
    tagLabel: c?.kind === "tag" ? c.label : "intent",
    value: c && (c.kind === "tag" || c.kind === "threshold" || c.kind === "spike") ? (c.value ?? "") : "",
    keywords: c?.kind === "keyword" ? c.keywords.join("\n") : "",
    dimension: c?.kind === "threshold" ? c.dimension : "total",
    spikeDimension: c?.kind === "spike" ? c.dimension : "topic",
    windowHours: c?.kind === "threshold" ? String(c.windowHours) : "1",
    authors: c?.kind === "threshold" ? String(c.authors) : "20",
    webhooks: urls("webhook"),
    emails: channels.flatMap((ch) => (ch.type === "email" ? ch.to : [])).join("\n"),
    chats: urls("chat"),
    quietMinutes: String(rule?.quietMinutes ?? 60),
    allowPrivateNetwork: rule?.allowPrivateNetwork ?? false,
    enabled: rule?.enabled ?? true,
  };
}

function conditionOf(d: Draft): AlertCondition {
  const value = d.value.trim();
  switch (d.kind) {
    case "tag":
      return { kind: "tag", label: d.tagLabel, value };
    case "vip":
      return { kind: "vip" };
    case "keyword":
      return { kind: "keyword", keywords: splitList(d.keywords) };
    case "threshold":
      return {
        kind: "threshold",
        dimension: d.dimension,
        value: d.dimension === "total" ? null : value,
        windowHours: Number(d.windowHours),
        authors: Number(d.authors),
      };
    case "spike":
      return { kind: "spike", dimension: d.spikeDimension, value: value === "" ? null : value };
  }
}

function channelsOf(d: Draft): AlertChannel[] {
  const emails = splitList(d.emails);
  return [
    ...splitList(d.webhooks).map((url) => ({ type: "webhook" as const, url })),
    ...(emails.length ? [{ type: "email" as const, to: emails }] : []),
    ...splitList(d.chats).map((url) => ({ type: "chat" as const, url })),
  ];
}

/**
 * Create or edit an alert rule: what it watches, where it tells, and its quiet period. The server
 * checks everything; a refusal is shown in words beside the buttons.
 */
export function AlertRuleForm({
  rule,
  onSave,
  onRotate,
  onCancel,
}: {
  rule: AlertRuleView | null;
  onSave(input: AlertRuleRequest): Promise<void>;
  /** Replaces the saved rule's webhook signing secret (the page shows the new one once). */
  onRotate?(): Promise<void>;
  onCancel(): void;
}) {
  const ids = useId();
  const [d, setD] = useState<Draft>(() => draftOf(rule));
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setD((old) => ({ ...old, [key]: value }));

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const channels = channelsOf(d);
    if (channels.length === 0) {
      setProblem("Give at least one webhook URL, email address or chat webhook URL.");
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      await onSave({
        name: d.name.trim(),
        enabled: d.enabled,
        condition: conditionOf(d),
        channels,
        quietMinutes: Number(d.quietMinutes),
        allowPrivateNetwork: d.allowPrivateNetwork,
      });
    } catch (failure) {
      setProblem(plainErrorMessage(failure));
    } finally {
      setBusy(false);
    }
  }

  async function rotate() {
    if (busy || !onRotate) return;
    setBusy(true);
    setProblem(null);
    try {
      await onRotate();
    } catch (failure) {
      setProblem(plainErrorMessage(failure));
    } finally {
      setBusy(false);
    }
  }

  const field = (key: string) => `${ids}-${key}`;
  return (
    <form
      className="campaign-form panel alert-form"
      aria-labelledby={field("title")}
      onSubmit={submit}
      onKeyDown={(event) => {
        if (event.key === "Escape") onCancel();
      }}
    >
      <h2 id={field("title")} className="panel__title">
        {rule ? `Edit ${rule.name}` : "New alert rule"}
      </h2>
      <div className="field">
        <label htmlFor={field("name")}>Name</label>
        <input
          id={field("name")}
          // biome-ignore lint/a11y/noAutofocus: the form opens on request, so focus belongs in it
          autoFocus
          required
          maxLength={200}
          value={d.name}
          onChange={(e) => set("name", e.target.value)}
        />
      </div>
      <fieldset className="campaign-form__group">
        <legend>Alert when</legend>
        <div className="field">
          <label htmlFor={field("kind")}>Kind</label>
          <select
            id={field("kind")}
            value={d.kind}
            onChange={(e) => set("kind", e.target.value as AlertKind)}
          >
            {(Object.keys(KIND_WORDS) as AlertKind[]).map((k) => (
              <option key={k} value={k}>
                {KIND_WORDS[k]}
              </option>
            ))}
          </select>
        </div>
        {d.kind === "tag" && (
          <div className="campaign-form__row">
            <div className="field">
              <label htmlFor={field("label")}>Label</label>
              <select
                id={field("label")}
                value={d.tagLabel}
                onChange={(e) => set("tagLabel", e.target.value as TagLabel)}
              >
                {["intent", "topic", "sentiment", "language", "platform"].map((l) => (
                  <option key={l} value={l}>
                    {l}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor={field("value")}>Value</label>
              <input
                id={field("value")}
                required
                placeholder="complaint"
                value={d.value}
                onChange={(e) => set("value", e.target.value)}
              />
            </div>
          </div>
        )}
        {d.kind === "vip" && (
          <p className="field-help">
            Posts by an author on a campaign's VIP list, or linked to a customer of the VIP tier.
          </p>
        )}
        {d.kind === "keyword" && (
          <div className="field">
            <label htmlFor={field("keywords")}>Words or phrases, one per line</label>
            <textarea
              id={field("keywords")}
              required
              rows={3}
              aria-describedby={field("keywords-help")}
              value={d.keywords}
              onChange={(e) => set("keywords", e.target.value)}
            />
            <p id={field("keywords-help")} className="field-help">
              Whole words, case-insensitive: "Rückerstattung" also matches RÜCKERSTATTUNG. Accents count, so
              "Ruckerstattung" is another word.
            </p>
          </div>
        )}
        {d.kind === "threshold" && (
          <div className="campaign-form__row">
            <div className="field">
              <label htmlFor={field("dimension")}>Count</label>
              <select
                id={field("dimension")}
                value={d.dimension}
                onChange={(e) => set("dimension", e.target.value as ThresholdDimension)}
              >
                <option value="total">every post</option>
                {["intent", "topic", "sentiment", "platform", "language"].map((l) => (
                  <option key={l} value={l}>
                    posts with this {l}
                  </option>
                ))}
              </select>
            </div>
            {d.dimension !== "total" && (
              <div className="field">
                <label htmlFor={field("value")}>Value</label>
                <input
                  id={field("value")}
                  required
                  value={d.value}
                  onChange={(e) => set("value", e.target.value)}
                />
              </div>
            )}
            <div className="field">
              <label htmlFor={field("window")}>Window (hours)</label>
              <input
                id={field("window")}
                type="number"
                min={1}
                max={168}
                required
                value={d.windowHours}
                onChange={(e) => set("windowHours", e.target.value)}
              />
            </div>
            <div className="field">
              <label htmlFor={field("authors")}>More than (distinct authors)</label>
              <input
                id={field("authors")}
                type="number"
                min={1}
                required
                value={d.authors}
                onChange={(e) => set("authors", e.target.value)}
              />
            </div>
          </div>
        )}
        {d.kind === "threshold" && (
          <p className="field-help">
            Judged every five minutes on whole UTC hours: the window is the current hour so far and the hours
            before it. At most one alert per hour; while the count stays above the number, the next hour
            alerts again unless the quiet period holds it back. Values are matched without regard to case.
          </p>
        )}
        {d.kind === "spike" && (
          <div className="campaign-form__row">
            <div className="field">
              <label htmlFor={field("spike-dimension")}>In</label>
              <select
                id={field("spike-dimension")}
                value={d.spikeDimension}
                onChange={(e) => set("spikeDimension", e.target.value as SpikeDimension)}
              >
                {["topic", "intent", "sentiment"].map((l) => (
                  <option key={l} value={l}>
                    {l}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor={field("value")}>Value (empty: any)</label>
              <input id={field("value")} value={d.value} onChange={(e) => set("value", e.target.value)} />
            </div>
          </div>
        )}
        {d.kind === "spike" && (
          <p className="field-help">
            Judged every five minutes: the current UTC hour so far against the same hour of the week in
            earlier weeks, in distinct authors. At most one alert per hour and spiking value; a spike that
            lasts alerts again each hour unless the quiet period holds it back. A spike in a topic also groups
            that hour's open work items into an incident, answered at once on the Incidents page.
          </p>
        )}
      </fieldset>
      <fieldset className="campaign-form__group">
        <legend>Tell</legend>
        <div className="field">
          <label htmlFor={field("webhooks")}>Signed webhook URLs, one per line</label>
          <textarea
            id={field("webhooks")}
            rows={2}
            value={d.webhooks}
            onChange={(e) => set("webhooks", e.target.value)}
          />
        </div>
        {rule && onRotate && (
          <div className="alert-form__secret">
            <button
              type="button"
              className="button button--small"
              disabled={busy}
              aria-describedby={field("rotate-help")}
              onClick={rotate}
            >
              Rotate signing secret
            </button>
            <p id={field("rotate-help")} className="field-help">
              Makes a new webhook signing secret, shown once. From then on every delivery, retries included,
              is signed with the new secret only: update the receiver right away.
            </p>
          </div>
        )}
        <div className="field">
          <label htmlFor={field("emails")}>Email addresses, one per line</label>
          <textarea
            id={field("emails")}
            rows={2}
            value={d.emails}
            onChange={(e) => set("emails", e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={field("chats")}>Chat incoming-webhook URLs (Slack, Mattermost, Rocket.Chat)</label>
          <textarea
            id={field("chats")}
            rows={2}
            value={d.chats}
            onChange={(e) => set("chats", e.target.value)}
          />
        </div>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={d.allowPrivateNetwork}
            onChange={(e) => set("allowPrivateNetwork", e.target.checked)}
          />
          Allow private-network addresses (a chat server inside your network)
        </label>
      </fieldset>
      <div className="campaign-form__row">
        <div className="field">
          <label htmlFor={field("quiet")}>Quiet period (minutes)</label>
          <input
            id={field("quiet")}
            type="number"
            min={0}
            max={10080}
            required
            aria-describedby={field("quiet-help")}
            value={d.quietMinutes}
            onChange={(e) => set("quietMinutes", e.target.value)}
          />
        </div>
      </div>
      <p id={field("quiet-help")} className="field-help">
        No second alert of this rule within this time; what is held back is counted and shown. For an hourly
        window or spike rule, set it to how long an episode lasts to be told once per episode.
      </p>
      <label className="checkbox">
        <input type="checkbox" checked={d.enabled} onChange={(e) => set("enabled", e.target.checked)} />
        Enabled
      </label>
      {problem && (
        <p className="form-error" role="alert">
          {problem}
        </p>
      )}
      <div className="campaign-form__buttons">
        <button type="submit" className="button button--primary" disabled={busy}>
          {rule ? "Save rule" : "Create rule"}
        </button>
        <button type="button" className="button button--quiet" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

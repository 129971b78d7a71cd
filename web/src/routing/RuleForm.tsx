/**
 * The form that adds or changes a routing rule: its name, queue, whether it is on, and its
 * conditions (every field the engine reads), each problem the API names shown beside its field.
 */
import { type FormEvent, useEffect, useId, useRef, useState } from "react";
import { api } from "../api/client.ts";
import { plainErrorMessage } from "../api/errorMessages.ts";
import type { QueueView, RoutingRuleView } from "../api/types.ts";
import {
  FIELD_WORDS,
  knownValues,
  OP_WORDS,
  opsFor,
  problemsByField,
  RULE_FIELDS,
  type RuleCondition,
  type RuleField,
  type RuleOperator,
  splitValues,
  TYPED_HELP,
} from "./ruleWords.ts";

interface Draft {
  key: number;
  field: RuleField;
  op: RuleOperator;
  /** Chosen values of a field with a known list (and author_vip's one value). */
  chosen: string[];
  /** Typed values of the other fields, comma-separated. */
  typed: string;
}

let nextKey = 1;

function draftOf(c: RuleCondition): Draft {
  const typedField =
    c.field === "topic" || c.field === "language" || c.field === "author" || c.field === "author_followers";
  return {
    key: nextKey++,
    field: c.field,
    op: c.op,
    chosen: typedField ? [] : [...c.values],
    typed: typedField ? c.values.join(", ") : "",
  };
}

function conditionOf(d: Draft, campaigns: readonly { id: string; name: string }[]): RuleCondition {
  const listed = knownValues(d.field, campaigns) !== null || d.field === "author_vip";
  return { field: d.field, op: d.op, values: listed ? d.chosen : splitValues(d.typed) };
}

function Problem({ id, text }: { id: string; text: string | undefined }) {
  return text ? (
    <span id={id} className="field-problem">
      {text}
    </span>
  ) : null;
}

export function RuleForm({
  rule,
  queues,
  campaigns,
  nextPosition,
  onSaved,
  onCancel,
}: {
  /** The rule being changed; none for a new one. */
  rule: RoutingRuleView | null;
  queues: QueueView[];
  campaigns: { id: string; name: string }[];
  nextPosition: number;
  onSaved(saved: RoutingRuleView): void;
  onCancel?(): void;
}) {
  const ids = useId();
  const [name, setName] = useState(rule?.name ?? "");
  const [queueId, setQueueId] = useState(rule?.queueId ?? "");
  const [enabled, setEnabled] = useState(rule?.enabled ?? true);
  const [drafts, setDrafts] = useState<Draft[]>(() => rule?.conditions.map(draftOf) ?? []);
  const [problems, setProblems] = useState<Map<string, string>>(new Map());
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  // A rule opened for a change takes the focus at its first field (the form is drawn anew per rule).
  const editing = rule !== null;
  useEffect(() => {
    if (editing) formRef.current?.querySelector("input")?.focus();
  }, [editing]);

  // After a refusal the first field at fault takes the focus, so its problem is read out with it.
  const [refused, setRefused] = useState(0);
  useEffect(() => {
    if (refused === 0) return;
    const first = formRef.current?.querySelector<HTMLElement>("[data-invalid]");
    (first?.matches("input, select") ? first : first?.querySelector<HTMLElement>("input, select"))?.focus();
  }, [refused]);

  const change = (key: number, patch: Partial<Draft>) =>
    setDrafts((current) => current.map((d) => (d.key === key ? { ...d, ...patch } : d)));

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setProblems(new Map());
    const input = {
      name,
      queueId,
      enabled,
      conditions: drafts.map((d) => conditionOf(d, campaigns)),
    };
    try {
      const saved = rule
        ? await api.updateRoutingRule(rule.id, input)
        : await api.createRoutingRule({ ...input, position: nextPosition });
      if (!rule) {
        setName("");
        setQueueId("");
        setEnabled(true);
        setDrafts([]);
      }
      onSaved(saved);
    } catch (failure) {
      const byField = problemsByField(failure);
      setProblems(byField);
      setError(
        byField.size > 0 && !byField.has("")
          ? "Correct the fields marked above."
          : plainErrorMessage(failure),
      );
      setRefused((n) => n + 1);
    } finally {
      setBusy(false);
    }
  }

  const field = (key: string) => `${ids}-${key.replaceAll(".", "-")}`;
  const invalid = (key: string) =>
    problems.has(key)
      ? { "aria-invalid": true as const, "aria-describedby": field(key), "data-invalid": "" }
      : {};
  const title = rule ? `Change rule ${rule.name}` : "New routing rule";

  return (
    <form ref={formRef} className="campaign-form sla-form rule-form" onSubmit={submit} aria-label={title}>
      <h3 className="panel__title">{title}</h3>
      <div className="campaign-form__row">
        <label className="field">
          <span>Name</span>
          <input
            value={name}
            required
            maxLength={100}
            onChange={(e) => setName(e.target.value)}
            {...invalid("name")}
          />
          <Problem id={field("name")} text={problems.get("name")} />
        </label>
        <label className="field">
          <span>Queue</span>
          <select
            value={queueId}
            required
            onChange={(e) => setQueueId(e.target.value)}
            {...invalid("queueId")}
          >
            <option value="">Choose a queue…</option>
            {queues.map((q) => (
              <option key={q.id} value={q.id}>
                {q.name}
              </option>
            ))}
          </select>
          <Problem id={field("queueId")} text={problems.get("queueId")} />
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
          On (tried in its turn)
        </label>
      </div>
      <fieldset
        className="sla-form__group"
        {...(problems.has("conditions")
          ? { "aria-describedby": field("conditions"), "data-invalid": "" }
          : {})}
      >
        <legend>Conditions on the item's first post (all must hold; none: every item)</legend>
        <Problem id={field("conditions")} text={problems.get("conditions")} />
        {drafts.map((d, i) => (
          <ConditionRow
            key={d.key}
            index={i}
            draft={d}
            campaigns={campaigns}
            problems={problems}
            idFor={field}
            onChange={(patch) => change(d.key, patch)}
            onRemove={() => setDrafts((current) => current.filter((x) => x.key !== d.key))}
          />
        ))}
        <button
          type="button"
          className="button"
          onClick={() =>
            setDrafts((current) => [
              ...current,
              { key: nextKey++, field: "intent", op: "in", chosen: [], typed: "" },
            ])
          }
        >
          Add a condition
        </button>
      </fieldset>
      <div className="campaign-form__buttons">
        <button type="submit" className="button button--primary" disabled={busy}>
          {rule ? "Save rule" : "Add rule"}
        </button>
        {onCancel && (
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

function ConditionRow({
  index,
  draft,
  campaigns,
  problems,
  idFor,
  onChange,
  onRemove,
}: {
  index: number;
  draft: Draft;
  campaigns: { id: string; name: string }[];
  problems: Map<string, string>;
  idFor(key: string): string;
  onChange(patch: Partial<Draft>): void;
  onRemove(): void;
}) {
  const n = index + 1;
  const at = (part: string) => `conditions.${index}.${part}`;
  const invalid = (part: string) =>
    problems.has(at(part))
      ? { "aria-invalid": true as const, "aria-describedby": idFor(at(part)), "data-invalid": "" }
      : {};
  // A group takes no aria-invalid: its problem is tied to it by aria-describedby.
  const groupInvalid = (part: string) =>
    problems.has(at(part)) ? { "aria-describedby": idFor(at(part)), "data-invalid": "" } : {};
  const known = knownValues(draft.field, campaigns);
  const toggle = (value: string, on: boolean) =>
    onChange({ chosen: on ? [...draft.chosen, value] : draft.chosen.filter((v) => v !== value) });

  return (
    <fieldset className="rule-condition">
      <legend>Condition {n}</legend>
      <div className="campaign-form__row">
        <label className="field">
          <span>Field</span>
          <select
            value={draft.field}
            onChange={(e) => {
              const next = e.target.value as RuleField;
              onChange({
                field: next,
                op: opsFor(next)[0]!,
                chosen: next === "author_vip" ? ["true"] : [],
                typed: "",
              });
            }}
            {...invalid("field")}
          >
            {RULE_FIELDS.map((f) => (
              <option key={f} value={f}>
                {FIELD_WORDS[f]}
              </option>
            ))}
          </select>
          <Problem id={idFor(at("field"))} text={problems.get(at("field"))} />
        </label>
        {draft.field !== "author_vip" && (
          <label className="field">
            <span>Test</span>
            <select
              value={draft.op}
              onChange={(e) => onChange({ op: e.target.value as RuleOperator })}
              {...invalid("op")}
            >
              {opsFor(draft.field).map((op) => (
                <option key={op} value={op}>
                  {OP_WORDS[op]}
                </option>
              ))}
            </select>
            <Problem id={idFor(at("op"))} text={problems.get(at("op"))} />
          </label>
        )}
        {draft.field === "author_vip" ? (
          <label className="field">
            <span>On a VIP list</span>
            <select
              value={draft.chosen[0] ?? "true"}
              onChange={(e) => onChange({ chosen: [e.target.value] })}
              {...invalid("values")}
            >
              <option value="true">Yes</option>
              <option value="false">No</option>
            </select>
            <Problem id={idFor(at("values"))} text={problems.get(at("values"))} />
          </label>
        ) : known ? (
          <fieldset className="check-group rule-condition__values" {...groupInvalid("values")}>
            <legend>Values</legend>
            {known.length === 0 && <p className="muted">None to choose from yet.</p>}
            {known.map((v) => (
              <label key={v.value} className="check">
                <input
                  type="checkbox"
                  checked={draft.chosen.includes(v.value)}
                  onChange={(e) => toggle(v.value, e.target.checked)}
                />{" "}
                {v.label}
              </label>
            ))}
            <Problem id={idFor(at("values"))} text={problems.get(at("values"))} />
          </fieldset>
        ) : (
          <label className="field">
            <span>{draft.field === "author_followers" ? "Followers" : "Values"}</span>
            <input
              value={draft.typed}
              inputMode={draft.field === "author_followers" ? "numeric" : undefined}
              placeholder={draft.field === "author_followers" ? "10000" : undefined}
              onChange={(e) => onChange({ typed: e.target.value })}
              {...invalid("values")}
            />
            {TYPED_HELP[draft.field] && <span className="field-help">{TYPED_HELP[draft.field]}</span>}
            <Problem id={idFor(at("values"))} text={problems.get(at("values"))} />
          </label>
        )}
      </div>
      <button type="button" className="button button--quiet" onClick={onRemove}>
        Remove condition {n}
      </button>
    </fieldset>
  );
}

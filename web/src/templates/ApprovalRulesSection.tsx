/** Approval rules (a reply matching all of a rule's conditions waits for a supervisor) and trainees. */
import { type FormEvent, useEffect, useState } from "react";
import { api } from "../api/client.ts";
import type { ApprovalRuleView } from "../api/engagementTypes.ts";
import { plainErrorMessage } from "../api/errorMessages.ts";
import { conditionsFrom, conditionWords, type RuleChoices } from "./ruleWords.ts";

const NO_CHOICES: RuleChoices = {
  trainee: false,
  vip: false,
  minFollowers: "",
  negative: false,
  publicOnly: false,
  words: "",
};

export function ApprovalRulesSection({
  rules,
  onChanged,
  onError,
}: {
  rules: ApprovalRuleView[];
  onChanged(): void;
  onError(message: string): void;
}) {
  async function act(work: () => Promise<unknown>) {
    try {
      await work();
      onChanged();
    } catch (failure) {
      onError(plainErrorMessage(failure));
    }
  }

  return (
    <section aria-labelledby="rules-title">
      <h2 id="rules-title" className="section-title">
        Approval rules
      </h2>
      <p className="muted">A reply that matches every condition of an enabled rule waits for a supervisor.</p>
      <table className="data-table">
        <thead>
          <tr>
            <th scope="col">Rule</th>
            <th scope="col">Holds a reply when</th>
            <th scope="col">On</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rules.map((rule) => (
            <tr key={rule.id}>
              <th scope="row">{rule.name}</th>
              <td>{rule.conditions.map(conditionWords).join(" and ")}</td>
              <td>
                <input
                  type="checkbox"
                  aria-label={`${rule.name} enabled`}
                  checked={rule.enabled}
                  onChange={(e) => act(() => api.updateApprovalRule(rule.id, { enabled: e.target.checked }))}
                />
              </td>
              <td>
                <button
                  type="button"
                  className="button button--quiet"
                  onClick={() => act(() => api.deleteApprovalRule(rule.id))}
                >
                  Delete <span className="visually-hidden">{rule.name}</span>
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {rules.length === 0 && <p className="empty">No approval rules: every reply is sent at once.</p>}
      <RuleForm onCreated={onChanged} />
      <Trainees onError={onError} />
    </section>
  );
}

function RuleForm({ onCreated }: { onCreated(): void }) {
  const [name, setName] = useState("");
  const [choices, setChoices] = useState<RuleChoices>(NO_CHOICES);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const flag = (key: "trainee" | "vip" | "negative" | "publicOnly", label: string) => (
    <label className="check">
      <input
        type="checkbox"
        checked={choices[key]}
        onChange={(e) => setChoices((c) => ({ ...c, [key]: e.target.checked }))}
      />{" "}
      {label}
    </label>
  );

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const conditions = conditionsFrom(choices);
    if (typeof conditions === "string") {
      setError(conditions);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api.createApprovalRule({ name, enabled: true, conditions });
      setName("");
      setChoices(NO_CHOICES);
      onCreated();
    } catch (failure) {
      setError(plainErrorMessage(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="stack-form" onSubmit={submit} aria-label="New approval rule">
      <label className="field">
        <span>Name</span>
        <input value={name} required maxLength={100} onChange={(e) => setName(e.target.value)} />
      </label>
      <fieldset className="check-group">
        <legend>Hold the reply when all of these hold</legend>
        {flag("trainee", "The agent is a trainee")}
        {flag("vip", "The author is on a campaign's VIP list")}
        {flag("negative", "The post is negative")}
        {flag("publicOnly", "The reply is public")}
        <label className="field field--inline">
          <span>The author has at least this many followers</span>
          <input
            inputMode="numeric"
            value={choices.minFollowers}
            onChange={(e) => setChoices((c) => ({ ...c, minFollowers: e.target.value }))}
          />
        </label>
        <label className="field field--inline">
          <span>The reply says any of (comma-separated)</span>
          <input
            value={choices.words}
            onChange={(e) => setChoices((c) => ({ ...c, words: e.target.value }))}
          />
        </label>
      </fieldset>
      <div className="stack-form__actions">
        <button type="submit" className="button button--primary" disabled={busy}>
          Add rule
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

function Trainees({ onError }: { onError(message: string): void }) {
  const [agents, setAgents] = useState<{ id: string; name: string }[]>([]);
  const [trainees, setTrainees] = useState<Set<string>>(new Set());

  useEffect(() => {
    Promise.all([api.routingOverview(), api.trainees()]).then(
      ([overview, t]) => {
        setAgents(overview.agents.map((a) => ({ id: a.id, name: a.name })));
        setTrainees(new Set(t.userIds));
      },
      (failure: unknown) => onError(plainErrorMessage(failure)),
    );
  }, [onError]);

  const mark = (id: string, on: boolean) =>
    setTrainees((current) => {
      const next = new Set(current);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });

  // The box follows the click at once; a refusal puts it back and says why.
  async function toggle(id: string, on: boolean) {
    mark(id, on);
    try {
      await api.setTrainee(id, on);
    } catch (failure) {
      mark(id, !on);
      onError(plainErrorMessage(failure));
    }
  }

  if (agents.length === 0) return null;
  return (
    <fieldset className="check-group">
      <legend>Trainees</legend>
      {agents.map((a) => (
        <label key={a.id} className="check">
          <input
            type="checkbox"
            checked={trainees.has(a.id)}
            onChange={(e) => toggle(a.id, e.target.checked)}
          />{" "}
          {a.name}
        </label>
      ))}
    </fieldset>
  );
}

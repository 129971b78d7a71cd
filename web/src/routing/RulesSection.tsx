/**
 * Routing rules on the Routing page: in the order they are tried, each with its conditions and
 * queue; moved up or down, changed in place, deleted; new ones added at the end.
 */
import { useCallback, useEffect, useState } from "react";
import { api } from "../api/client.ts";
import { plainErrorMessage } from "../api/errorMessages.ts";
import type { QueueView, RoutingRuleView } from "../api/types.ts";
import { RuleForm } from "./RuleForm.tsx";
import { conditionWords, moved } from "./ruleWords.ts";

export function RulesSection({ queuesVersion }: { queuesVersion: number }) {
  const [rules, setRules] = useState<RoutingRuleView[] | null>(null);
  const [queues, setQueues] = useState<QueueView[]>([]);
  const [campaigns, setCampaigns] = useState<{ id: string; name: string }[]>([]);
  const [editing, setEditing] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState("");
  /** The control to focus once the list has been drawn again after a change. */
  const [focusNext, setFocusNext] = useState<string | null>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `queuesVersion` asks for a reload after a queue is added.
  const load = useCallback(() => {
    Promise.all([api.routingRules(), api.queues(), api.campaigns()]).then(
      ([r, q, c]) => {
        setRules(r.items);
        setQueues(q.items);
        setCampaigns(c.items.map((x) => ({ id: x.id, name: x.name })));
        setError(null);
      },
      (failure: unknown) => setError(plainErrorMessage(failure)),
    );
  }, [queuesVersion]);
  useEffect(load, [load]);

  useEffect(() => {
    if (!focusNext) return;
    document.getElementById(focusNext)?.focus();
    setFocusNext(null);
  });

  const queueName = (id: string) => queues.find((q) => q.id === id)?.name ?? "(deleted queue)";
  const campaignName = (id: string) => campaigns.find((c) => c.id === id)?.name ?? "(deleted campaign)";

  async function move(rule: RoutingRuleView, by: -1 | 1) {
    if (!rules) return;
    try {
      const { items } = await api.reorderRoutingRules(
        moved(
          rules.map((r) => r.id),
          rule.id,
          by,
        ),
      );
      setRules(items);
      const at = items.findIndex((r) => r.id === rule.id);
      setStatus(`${rule.name} is now rule ${at + 1} of ${items.length}.`);
      // The same button keeps the focus, unless the rule reached the end it moved towards.
      const end = by < 0 ? at === 0 : at === items.length - 1;
      setFocusNext(`rule-${rule.id}-${end ? (by < 0 ? "down" : "up") : by < 0 ? "up" : "down"}`);
    } catch (failure) {
      setError(plainErrorMessage(failure));
      load();
    }
  }

  async function remove(rule: RoutingRuleView) {
    try {
      await api.deleteRoutingRule(rule.id);
      setStatus(`Rule ${rule.name} deleted.`);
      setFocusNext("rules-title");
      load();
    } catch (failure) {
      setError(plainErrorMessage(failure));
    }
  }

  const editedRule = rules?.find((r) => r.id === editing) ?? null;
  const count = rules?.length ?? 0;

  return (
    <section aria-labelledby="rules-title">
      <h2 id="rules-title" className="section-title" tabIndex={-1}>
        Routing rules
      </h2>
      <p className="field-help">
        A new item goes to the queue of the first rule, in this order, that is on and whose conditions all
        hold for its first post; with none, it waits in no queue.
      </p>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <p className="visually-hidden" role="status">
        {status}
      </p>
      <table className="data-table" aria-label="Routing rules">
        <thead>
          <tr>
            <th scope="col">Order</th>
            <th scope="col">Rule</th>
            <th scope="col">When</th>
            <th scope="col">Queue</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rules?.map((rule, i) => (
            <tr key={rule.id}>
              <td className="num">{i + 1}</td>
              <th scope="row">
                {rule.name}
                {!rule.enabled && " (off)"}
              </th>
              <td>
                {rule.conditions.map((c) => conditionWords(c, campaignName)).join("; and ") || "every item"}
              </td>
              <td>{queueName(rule.queueId)}</td>
              <td>
                <div className="row-actions">
                  <button
                    id={`rule-${rule.id}-up`}
                    type="button"
                    className="button button--small"
                    disabled={i === 0}
                    onClick={() => move(rule, -1)}
                  >
                    Move up<span className="visually-hidden"> {rule.name}</span>
                  </button>
                  <button
                    id={`rule-${rule.id}-down`}
                    type="button"
                    className="button button--small"
                    disabled={i === count - 1}
                    onClick={() => move(rule, 1)}
                  >
                    Move down<span className="visually-hidden"> {rule.name}</span>
                  </button>
                  <button
                    id={`rule-${rule.id}-edit`}
                    type="button"
                    className="button button--small"
                    aria-expanded={editing === rule.id}
                    onClick={() => setEditing((current) => (current === rule.id ? null : rule.id))}
                  >
                    Edit<span className="visually-hidden"> {rule.name}</span>
                  </button>
                  <button
                    type="button"
                    className="button button--small button--quiet"
                    onClick={() => remove(rule)}
                  >
                    Delete<span className="visually-hidden"> {rule.name}</span>
                  </button>
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {rules?.length === 0 && <p className="empty">No routing rules yet: new items wait in no queue.</p>}
      {editedRule && (
        <RuleForm
          key={editedRule.id}
          rule={editedRule}
          queues={queues}
          campaigns={campaigns}
          nextPosition={editedRule.position}
          onSaved={(saved) => {
            setEditing(null);
            setStatus(`Rule ${saved.name} saved.`);
            setFocusNext(`rule-${saved.id}-edit`);
            load();
          }}
          onCancel={() => {
            setEditing(null);
            setFocusNext(`rule-${editedRule.id}-edit`);
          }}
        />
      )}
      {queues.length === 0 ? (
        <p className="muted">Add a queue above first: a rule puts items in one.</p>
      ) : (
        <RuleForm
          rule={null}
          queues={queues}
          campaigns={campaigns}
          nextPosition={(rules?.at(-1)?.position ?? 0) + 10}
          onSaved={(saved) => {
            setStatus(`Rule ${saved.name} added.`);
            load();
          }}
        />
      )}
    </section>
  );
}

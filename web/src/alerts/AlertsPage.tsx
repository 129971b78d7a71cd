import { useCallback, useEffect, useState } from "react";
import { api } from "../api/client.ts";
import type { AlertPostView, AlertRuleRequest, AlertRuleView, AlertView } from "../api/types.ts";
import { useSession } from "../auth/SessionContext.tsx";
import { fullTimestamp } from "../format/time.ts";
import { conversationHref } from "../router.ts";
import { ErrorBanner } from "../shell/ErrorBanner.tsx";
import { usePageError } from "../shell/usePageError.ts";
import { AlertRuleForm } from "./AlertRuleForm.tsx";

type Editing = { kind: "none" } | { kind: "new" } | { kind: "edit"; rule: AlertRuleView };

const CHANNEL_WORDS = { webhook: "Webhook", email: "Email", chat: "Chat" } as const;

function channelsLine(rule: AlertRuleView): string {
  return rule.channels
    .map((c) =>
      c.type === "email" ? `Email ${c.to.join(", ")}` : `${CHANNEL_WORDS[c.type]} ${new URL(c.url).host}`,
    )
    .join("; ");
}

/** The posts an alert names, loaded when asked for, each opening its conversation. */
function AlertPosts({ alertId }: { alertId: string }) {
  const [posts, setPosts] = useState<AlertPostView[] | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  useEffect(() => {
    api.alertPosts(alertId).then(
      (page) => setPosts(page.items),
      (failure: unknown) =>
        setFailed(failure instanceof Error ? failure.message : "Could not load the posts"),
    );
  }, [alertId]);
  if (failed) return <p className="form-error">{failed}</p>;
  if (!posts) return <p className="muted">Loading posts…</p>;
  if (posts.length === 0) return <p className="muted">No stored posts behind this alert.</p>;
  return (
    <ul className="alert-posts">
      {posts.map((p) => (
        <li key={p.id}>
          <a
            href={
              p.workItemId
                ? conversationHref(p.conversationId, p.workItemId)
                : `#/conversations/${encodeURIComponent(p.conversationId)}`
            }
          >
            @{p.author} · {fullTimestamp(p.postedAt)}
          </a>
          <p className="post-text">{p.text}</p>
        </li>
      ))}
    </ul>
  );
}

function AlertRow({ alert, open, onToggle }: { alert: AlertView; open: boolean; onToggle(): void }) {
  const why = alert.why;
  return (
    <>
      <tr id={`alert-${alert.id}`}>
        <td className="audit__when">{fullTimestamp(alert.firedAt)}</td>
        <td>
          {alert.ruleName ?? <span className="muted">Deleted rule</span>}
          {alert.test && <span className="muted"> (test)</span>}
        </td>
        <td>
          <p className="alert-why">{why.summary}</p>
          {why.topTerms.length > 0 && (
            <p className="muted">Terms: {why.topTerms.map((t) => `${t.term} (${t.authors})`).join(", ")}</p>
          )}
          {why.topAuthors.length > 0 && (
            <p className="muted">
              Authors: {why.topAuthors.map((a) => `@${a.handle} (${a.posts})`).join(", ")}
            </p>
          )}
          {alert.suppressedBefore > 0 && (
            <p className="muted">{alert.suppressedBefore} held back by the quiet period before this one</p>
          )}
        </td>
        <td>
          {alert.status === "suppressed" ? (
            <span className="muted">Held back (quiet period)</span>
          ) : (
            <ul className="alert-deliveries">
              {alert.deliveries.map((d) => (
                <li key={d.id} title={d.error ?? undefined}>
                  {CHANNEL_WORDS[d.type]}: {d.status}
                  {d.attempts > 1 ? ` after ${d.attempts} attempts` : ""}
                  {d.error && d.status !== "delivered" ? ` (${d.error})` : ""}
                </li>
              ))}
            </ul>
          )}
        </td>
        <td>
          {alert.postIds.length > 0 && (
            <button
              type="button"
              className="button button--small"
              aria-expanded={open}
              aria-controls={`alert-posts-${alert.id}`}
              onClick={onToggle}
            >
              {open ? "Hide posts" : `Posts (${alert.postIds.length})`}
            </button>
          )}
        </td>
      </tr>
      {open && (
        <tr id={`alert-posts-${alert.id}`}>
          <td colSpan={5}>
            <AlertPosts alertId={alert.id} />
          </td>
        </tr>
      )}
    </>
  );
}

/**
 * Alert rules (admins write them) and the alerts they fired, each with why and how its
 * deliveries went. Post text is shown as text, never as markup.
 */
export function AlertsPage() {
  const { user } = useSession();
  const canEdit = user.role === "admin";
  const [rules, setRules] = useState<AlertRuleView[] | null>(null);
  const [alerts, setAlerts] = useState<AlertView[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [editing, setEditing] = useState<Editing>({ kind: "none" });
  const [secret, setSecret] = useState<{ rule: string; secret: string } | null>(null);
  const [notice, setNotice] = useState("");
  const [open, setOpen] = useState<string | null>(() =>
    new URLSearchParams(location.hash.split("?")[1]).get("alert"),
  );
  const { error, setError, fail } = usePageError();

  const loadAlerts = useCallback(() => {
    api.alerts(null).then((page) => {
      setAlerts(page.items);
      setNext(page.next);
    }, fail);
  }, [fail]);

  useEffect(() => {
    document.title = "Alerts · Parley";
    api.alertRules().then((page) => setRules(page.items), fail);
    loadAlerts();
  }, [fail, loadAlerts]);

  async function save(input: AlertRuleRequest) {
    const saved =
      editing.kind === "edit"
        ? await api.updateAlertRule(editing.rule.id, input)
        : await api.createAlertRule(input);
    setRules((list) => [...(list ?? []).filter((r) => r.id !== saved.rule.id), saved.rule]);
    if (saved.secret) setSecret({ rule: saved.rule.name, secret: saved.secret });
    setNotice(`Saved ${saved.rule.name}.`);
    setEditing({ kind: "none" });
  }

  async function rotate(rule: AlertRuleView) {
    if (
      !window.confirm(
        `Make a new signing secret for ${rule.name}? Deliveries signed with the old one stop verifying.`,
      )
    )
      return;
    const saved = await api.rotateAlertSecret(rule.id);
    setRules((list) => (list ?? []).map((r) => (r.id === saved.rule.id ? saved.rule : r)));
    if (saved.secret) setSecret({ rule: saved.rule.name, secret: saved.secret });
    setNotice(`New signing secret made for ${saved.rule.name}; the old one no longer signs.`);
    setEditing({ kind: "none" });
  }

  async function test(rule: AlertRuleView) {
    setError(null);
    try {
      await api.testAlertRule(rule.id);
      setNotice(`Test alert of ${rule.name} queued for delivery.`);
      loadAlerts();
    } catch (failure) {
      fail(failure);
    }
  }

  async function remove(rule: AlertRuleView) {
    if (!window.confirm(`Delete the rule ${rule.name} and its alerts?`)) return;
    setError(null);
    try {
      await api.deleteAlertRule(rule.id);
      setRules((list) => (list ?? []).filter((r) => r.id !== rule.id));
      loadAlerts();
    } catch (failure) {
      fail(failure);
    }
  }

  const more = () => {
    if (!next) return;
    api.alerts(next).then((page) => {
      setAlerts((shown) => [...(shown ?? []), ...page.items]);
      setNext(page.next);
    }, fail);
  };

  return (
    <main className="admin-page" aria-labelledby="alerts-title">
      <header className="page-header">
        <h1 id="alerts-title">Alerts</h1>
        <span className="page-header__meta">
          {rules ? `${rules.length} ${rules.length === 1 ? "rule" : "rules"}` : "Loading…"}
        </span>
        {canEdit && editing.kind === "none" && (
          <button
            type="button"
            className="button button--primary page-header__action"
            onClick={() => setEditing({ kind: "new" })}
          >
            New rule
          </button>
        )}
      </header>
      <ErrorBanner error={error} />
      <div className="admin-page__body">
        <p className="muted" aria-live="polite">
          {notice}
        </p>
        {secret && (
          <p className="handoff-endpoint__secret">
            Webhook signing secret of {secret.rule} (shown only now; the receiver checks X-Parley-Signature
            with it): <code>{secret.secret}</code>
          </p>
        )}
        {editing.kind !== "none" && (
          <AlertRuleForm
            key={editing.kind === "edit" ? editing.rule.id : "new"}
            rule={editing.kind === "edit" ? editing.rule : null}
            onSave={save}
            {...(editing.kind === "edit" ? { onRotate: () => rotate(editing.rule) } : {})}
            onCancel={() => setEditing({ kind: "none" })}
          />
        )}
        <h2>Rules</h2>
        <table className="data-table alert-rules">
          <caption className="visually-hidden">Alert rules</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Alerts when</th>
              <th scope="col">Tells</th>
              <th scope="col">Quiet period</th>
              <th scope="col">Last alert</th>
              {canEdit && (
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {rules?.map((rule) => (
              <tr key={rule.id}>
                <th scope="row">
                  {rule.name}
                  {!rule.enabled && <span className="muted"> (off)</span>}
                </th>
                <td>{rule.description}</td>
                <td>{channelsLine(rule)}</td>
                <td>{rule.quietMinutes} min</td>
                <td>
                  {rule.lastFiredAt ? fullTimestamp(rule.lastFiredAt) : <span className="muted">never</span>}
                </td>
                {canEdit && (
                  <td className="alert-rules__actions">
                    <button
                      type="button"
                      className="button button--small"
                      aria-label={`Edit ${rule.name}`}
                      onClick={() => setEditing({ kind: "edit", rule })}
                    >
                      Edit
                    </button>
                    <button
                      type="button"
                      className="button button--small"
                      aria-label={`Send a test alert of ${rule.name}`}
                      onClick={() => test(rule)}
                    >
                      Test
                    </button>
                    <button
                      type="button"
                      className="button button--small button--danger"
                      aria-label={`Delete ${rule.name}`}
                      onClick={() => remove(rule)}
                    >
                      Delete
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
        {rules?.length === 0 && (
          <p className="empty">
            No alert rules yet{canEdit ? ": create one to be told when something happens." : "."}
          </p>
        )}
        <h2>Fired alerts</h2>
        {alerts === null && !error && <p className="muted">Loading…</p>}
        {alerts && alerts.length === 0 && <p className="empty">No alerts yet.</p>}
        {alerts && alerts.length > 0 && (
          <table className="data-table alerts">
            <caption className="visually-hidden">Alerts, newest first</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Rule</th>
                <th scope="col">Why</th>
                <th scope="col">Delivery</th>
                <th scope="col">
                  <span className="visually-hidden">Posts</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {alerts.map((alert) => (
                <AlertRow
                  key={alert.id}
                  alert={alert}
                  open={open === alert.id}
                  onToggle={() => setOpen((o) => (o === alert.id ? null : alert.id))}
                />
              ))}
            </tbody>
          </table>
        )}
        {next && (
          <button type="button" className="button button--quiet" onClick={more}>
            Show older alerts
          </button>
        )}
      </div>
    </main>
  );
}

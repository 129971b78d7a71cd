/**
 * Managing replies for supervisors and admins: templates with a version per language, approval
 * rules that hold risky replies for a supervisor, who is a trainee, and the survey settings.
 */
import { useCallback, useEffect, useMemo, useState } from "react";
import { api } from "../api/client.ts";
import type { ApprovalRuleView, TemplateView } from "../api/engagementTypes.ts";
import { plainErrorMessage } from "../api/errorMessages.ts";
import { useSession } from "../auth/SessionContext.tsx";
import { ErrorBanner } from "../shell/ErrorBanner.tsx";
import { ApprovalRulesSection } from "./ApprovalRulesSection.tsx";
import { SurveySettingsForm } from "./SurveySettingsForm.tsx";
import { TemplateForm } from "./TemplateForm.tsx";
import { TEMPLATE_VARIABLES, type TemplateVariable, VARIABLE_WORDS } from "./templateWords.ts";

export function TemplatesPage() {
  const [templates, setTemplates] = useState<TemplateView[] | null>(null);
  const [rules, setRules] = useState<ApprovalRuleView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [status, setStatus] = useState("");
  const [focusNext, setFocusNext] = useState<string | null>(null);
  const { user, workspace } = useSession();
  const examples = useMemo<Record<TemplateVariable, string>>(
    () => ({
      customer_name: "Sam Rivera",
      order_number: "LM-1234",
      agent_name: user.name,
      brand_name: workspace.brandNames[0] ?? workspace.name,
    }),
    [user.name, workspace],
  );

  const load = useCallback(() => {
    Promise.all([api.templates(), api.approvalRules()]).then(
      ([t, r]) => {
        setTemplates(t.items);
        setRules(r.items);
        setError(null);
      },
      (failure: unknown) => setError(plainErrorMessage(failure)),
    );
  }, []);

  useEffect(() => {
    document.title = "Templates · Parley";
    load();
  }, [load]);

  useEffect(() => {
    if (!focusNext) return;
    document.getElementById(focusNext)?.focus();
    setFocusNext(null);
  });

  async function remove(template: TemplateView) {
    try {
      await api.deleteTemplate(template.id);
      setStatus(`Template ${template.name} deleted.`);
      setFocusNext("template-list-title");
      load();
    } catch (failure) {
      setError(plainErrorMessage(failure));
    }
  }

  const edited = templates?.find((t) => t.id === editing) ?? null;

  return (
    <main className="admin-page" aria-labelledby="templates-title">
      <header className="page-header">
        <h1 id="templates-title">Templates</h1>
      </header>
      <ErrorBanner error={error} />
      <div className="admin-page__body">
        <section aria-labelledby="template-list-title">
          <h2 id="template-list-title" className="section-title" tabIndex={-1}>
            Reply templates
          </h2>
          <p className="muted">Agents see the version in the post's language first.</p>
          <dl className="variable-list" aria-label="Variables">
            {TEMPLATE_VARIABLES.map((v) => (
              <div key={v}>
                <dt>
                  <code>{`{{${v}}}`}</code>
                </dt>
                <dd>
                  {VARIABLE_WORDS[v]} (example: {examples[v]})
                </dd>
              </div>
            ))}
          </dl>
          <p className="visually-hidden" role="status">
            {status}
          </p>
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Template</th>
                <th scope="col">Versions</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {templates?.map((t) => (
                <tr key={t.id}>
                  <th scope="row">{t.name}</th>
                  <td>
                    {t.versions.map((v) => (
                      <p key={v.language} className="template-text">
                        <span className="template-lang">{v.language}</span> {v.text}
                      </p>
                    ))}
                  </td>
                  <td>
                    <div className="row-actions">
                      <button
                        id={`template-${t.id}-edit`}
                        type="button"
                        className="button button--small"
                        aria-expanded={editing === t.id}
                        onClick={() => setEditing((current) => (current === t.id ? null : t.id))}
                      >
                        Edit <span className="visually-hidden">{t.name}</span>
                      </button>
                      <button
                        type="button"
                        className="button button--small button--quiet"
                        onClick={() => remove(t)}
                      >
                        Delete <span className="visually-hidden">{t.name}</span>
                      </button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {templates?.length === 0 && <p className="empty">No templates yet: add one below.</p>}
          {edited && (
            <TemplateForm
              key={edited.id}
              template={edited}
              examples={examples}
              onSaved={(saved) => {
                setEditing(null);
                setStatus(`Template ${saved.name} saved.`);
                setFocusNext(`template-${saved.id}-edit`);
                load();
              }}
              onCancel={() => {
                setEditing(null);
                setFocusNext(`template-${edited.id}-edit`);
              }}
            />
          )}
          <TemplateForm
            template={null}
            examples={examples}
            onSaved={(saved) => {
              setStatus(`Template ${saved.name} added.`);
              load();
            }}
          />
        </section>
        {rules && <ApprovalRulesSection rules={rules} onChanged={load} onError={setError} />}
        <SurveySettingsForm />
      </div>
    </main>
  );
}

/**
 * Managing replies for supervisors and admins: templates with a version per language, approval
 * rules that hold risky replies for a supervisor, who is a trainee, and the survey settings.
 */
import { useCallback, useEffect, useState } from "react";
import { api } from "../api/client.ts";
import type { ApprovalRuleView, TemplateView } from "../api/engagementTypes.ts";
import { plainErrorMessage } from "../api/errorMessages.ts";
import { ErrorBanner } from "../shell/ErrorBanner.tsx";
import { ApprovalRulesSection } from "./ApprovalRulesSection.tsx";
import { SurveySettingsForm } from "./SurveySettingsForm.tsx";
import { TemplateForm } from "./TemplateForm.tsx";

export function TemplatesPage() {
  const [templates, setTemplates] = useState<TemplateView[] | null>(null);
  const [rules, setRules] = useState<ApprovalRuleView[] | null>(null);
  const [error, setError] = useState<string | null>(null);

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

  async function remove(template: TemplateView) {
    try {
      await api.deleteTemplate(template.id);
      load();
    } catch (failure) {
      setError(plainErrorMessage(failure));
    }
  }

  return (
    <main className="admin-page" aria-labelledby="templates-title">
      <header className="page-header">
        <h1 id="templates-title">Templates</h1>
      </header>
      <ErrorBanner error={error} />
      <div className="admin-page__body">
        <section aria-labelledby="template-list-title">
          <h2 id="template-list-title" className="section-title">
            Reply templates
          </h2>
          <p className="muted">
            Variables: {"{{customer_name}}"}, {"{{order_number}}"} (the agent types it), {"{{agent_name}}"},{" "}
            {"{{brand_name}}"}. Agents see the version in the post's language first.
          </p>
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Template</th>
                <th scope="col">Languages</th>
                <th scope="col">Text</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {templates?.map((t) => (
                <tr key={t.id}>
                  <th scope="row">{t.name}</th>
                  <td>{t.versions.map((v) => v.language).join(", ")}</td>
                  <td className="template-text">{t.versions[0]?.text}</td>
                  <td>
                    <button type="button" className="button button--quiet" onClick={() => remove(t)}>
                      Delete <span className="visually-hidden">{t.name}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {templates?.length === 0 && <p className="empty">No templates yet: add one below.</p>}
          <TemplateForm onCreated={load} />
        </section>
        {rules && <ApprovalRulesSection rules={rules} onChanged={load} onError={setError} />}
        <SurveySettingsForm />
      </div>
    </main>
  );
}

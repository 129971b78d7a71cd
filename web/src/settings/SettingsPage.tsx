import { type FormEvent, useEffect, useId, useState } from "react";
import { ApiError, api } from "../api/client.ts";
import { plainErrorMessage } from "../api/errorMessages.ts";
import type { CampaignInput, CampaignView, WorkspaceSettings } from "../api/types.ts";
import { useSession } from "../auth/SessionContext.tsx";
import { CampaignForm } from "../campaigns/CampaignForm.tsx";
import { parseLanguages } from "../campaigns/listInput.ts";
import { topicWords } from "../format/labels.ts";
import { CAMPAIGNS_HREF } from "../router.ts";
import { ErrorBanner } from "../shell/ErrorBanner.tsx";
import {
  type CompetitorRow,
  CompetitorsEditor,
  competitorRows,
  competitorsFrom,
} from "./CompetitorsEditor.tsx";
import { HandlesEditor } from "./HandlesEditor.tsx";
import { HandoffEndpointEditor } from "./HandoffEndpointEditor.tsx";
import { type HandleRow, handlesFrom, rowsFrom, splitNames } from "./handleRows.ts";
import { timeZones } from "./timeZones.ts";

interface Draft {
  name: string;
  names: string;
  handles: HandleRow[];
  employees: string;
  competitors: CompetitorRow[];
  languages: string;
  timeZone: string;
  taxonomy: string;
}

const draftOf = (s: WorkspaceSettings): Draft => ({
  name: s.name,
  names: s.brandNames.join(", "),
  handles: rowsFrom(s.brandHandles, s.platformHandles),
  employees: s.employeeHandles.join(", "),
  competitors: competitorRows(s.competitors),
  languages: s.languages.join(", "),
  timeZone: s.timeZone,
  taxonomy: s.taxonomy.starter ?? "",
});

/** What the server said was wrong, field by field, in its words. */
function problemsOf(failure: unknown): string[] {
  if (failure instanceof ApiError && Array.isArray(failure.details)) {
    return (failure.details as { message?: unknown }[])
      .map((d) => (typeof d.message === "string" ? d.message : ""))
      .filter(Boolean);
  }
  return [plainErrorMessage(failure)];
}

/** The brand this workspace works for. Everyone reads it; admins change it. */
export function SettingsPage() {
  const { user, signOut, workspaceChanged } = useSession();
  const canEdit = user.role === "admin";
  const [settings, setSettings] = useState<WorkspaceSettings | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [problems, setProblems] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const ids = useId();

  useEffect(() => {
    document.title = "Settings · Parley";
    api.workspaceSettings().then(
      (loaded) => {
        setSettings(loaded);
        setDraft(draftOf(loaded));
      },
      (failure: unknown) => {
        if (failure instanceof ApiError && failure.code === "unauthenticated") signOut();
        setLoadError(plainErrorMessage(failure));
      },
    );
  }, [signOut]);

  /** After a derived campaign was edited: only the campaigns changed, the draft stays as typed. */
  function reload() {
    api.workspaceSettings().then(setSettings, (failure: unknown) => setLoadError(plainErrorMessage(failure)));
  }

  const edit = (patch: Partial<Draft>) => {
    setDraft((d) => (d ? { ...d, ...patch } : d));
    setSaved(false);
  };

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!draft || busy) return;
    const languages = parseLanguages(draft.languages);
    if (languages.invalid.length > 0) {
      setProblems([`Languages are two-letter codes such as "en"; not ${languages.invalid.join(", ")}.`]);
      return;
    }
    setBusy(true);
    setProblems([]);
    try {
      const updated = await api.updateWorkspace({
        name: draft.name.trim(),
        brandNames: splitNames(draft.names),
        ...handlesFrom(draft.handles),
        employeeHandles: draft.employees.split(/[\s,]+/).filter(Boolean),
        competitors: competitorsFrom(draft.competitors),
        languages: languages.languages,
        timeZone: draft.timeZone.trim(),
        ...(draft.taxonomy && draft.taxonomy !== settings?.taxonomy.starter
          ? { taxonomyStarter: draft.taxonomy }
          : {}),
      });
      setSettings(updated);
      setDraft(draftOf(updated));
      setSaved(true);
      const { taxonomy: _t, campaigns: _c, ...workspace } = updated;
      workspaceChanged(workspace);
    } catch (failure) {
      setProblems(problemsOf(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="admin-page" aria-labelledby="settings-title">
      <header className="page-header">
        <h1 id="settings-title">Settings</h1>
        <span className="page-header__meta">{settings ? settings.name : "Loading…"}</span>
      </header>
      <ErrorBanner error={loadError} />
      <div className="admin-page__body">
        {draft && settings && (
          <form className="settings panel" aria-labelledby={`${ids}-brand`} onSubmit={submit}>
            <h2 id={`${ids}-brand`} className="panel__title">
              Brand
            </h2>
            {!canEdit && <p className="muted">Only admins change these settings.</p>}
            <fieldset className="settings__group" disabled={!canEdit}>
              <legend className="visually-hidden">Names</legend>
              <div className="settings__row">
                <div className="field">
                  <label htmlFor={`${ids}-name`}>Workspace name</label>
                  <input
                    id={`${ids}-name`}
                    required
                    maxLength={100}
                    value={draft.name}
                    onChange={(e) => edit({ name: e.target.value })}
                  />
                </div>
                <div className="field">
                  <label htmlFor={`${ids}-names`}>Names and aliases</label>
                  <input
                    id={`${ids}-names`}
                    value={draft.names}
                    placeholder="Acme, Acme Rail"
                    aria-describedby={`${ids}-names-help`}
                    onChange={(e) => edit({ names: e.target.value })}
                  />
                </div>
              </div>
              <p id={`${ids}-names-help`} className="field-help">
                As people write them, separated by commas. Posts naming them are about the brand.
              </p>
            </fieldset>
            <HandlesEditor
              idPrefix={ids}
              rows={draft.handles}
              disabled={!canEdit}
              onChange={(handles) => edit({ handles })}
            />
            <p className="field-help">
              Posts by these accounts are the brand's own answers. An account on one platform counts only
              there.
            </p>
            <fieldset className="settings__group" disabled={!canEdit}>
              <legend className="visually-hidden">People and languages</legend>
              <div className="field">
                <label htmlFor={`${ids}-employees`}>Employees' accounts</label>
                <input
                  id={`${ids}-employees`}
                  value={draft.employees}
                  placeholder="@handle, x:handle, …"
                  spellCheck={false}
                  aria-describedby={`${ids}-employees-help`}
                  onChange={(e) => edit({ employees: e.target.value })}
                />
              </div>
              <p id={`${ids}-employees-help`} className="field-help">
                Their posts are kept but open no work item, and do not count as the brand's answer.
              </p>
            </fieldset>
            <CompetitorsEditor
              rows={draft.competitors}
              disabled={!canEdit}
              onChange={(competitors) => edit({ competitors })}
            />
            <fieldset className="settings__group" disabled={!canEdit}>
              <legend className="visually-hidden">Region</legend>
              <div className="settings__row">
                <div className="field">
                  <label htmlFor={`${ids}-languages`}>Languages</label>
                  <input
                    id={`${ids}-languages`}
                    value={draft.languages}
                    placeholder="any"
                    onChange={(e) => edit({ languages: e.target.value })}
                  />
                </div>
                <div className="field">
                  <label htmlFor={`${ids}-zone`}>Time zone</label>
                  <input
                    id={`${ids}-zone`}
                    list={`${ids}-zones`}
                    required
                    value={draft.timeZone}
                    onChange={(e) => edit({ timeZone: e.target.value })}
                  />
                  <datalist id={`${ids}-zones`}>
                    {timeZones().map((zone) => (
                      <option key={zone} value={zone} />
                    ))}
                  </datalist>
                </div>
                <div className="field">
                  <label htmlFor={`${ids}-taxonomy`}>Topic taxonomy</label>
                  <select
                    id={`${ids}-taxonomy`}
                    value={draft.taxonomy}
                    onChange={(e) => edit({ taxonomy: e.target.value })}
                  >
                    {!settings.taxonomy.starter && (
                      <option value="">
                        {settings.taxonomy.examples > 0
                          ? `Trained (${settings.taxonomy.examples} examples)`
                          : "None"}
                      </option>
                    )}
                    {settings.taxonomy.starters.map((starter) => (
                      <option key={starter} value={starter}>
                        {topicWords(starter)}
                      </option>
                    ))}
                  </select>
                </div>
              </div>
            </fieldset>
            {problems.length > 0 && (
              <div className="form-error" role="alert">
                {problems.map((p) => (
                  <p key={p}>{p}</p>
                ))}
              </div>
            )}
            {canEdit && (
              <div className="campaign-form__buttons">
                <button type="submit" className="button button--primary" disabled={busy}>
                  {busy ? "Saving…" : "Save settings"}
                </button>
                <span className="muted" aria-live="polite">
                  {saved ? "Saved." : ""}
                </span>
              </div>
            )}
          </form>
        )}
        {settings && (
          <section className="panel derived-campaigns" aria-labelledby={`${ids}-campaigns`}>
            <h2 id={`${ids}-campaigns`} className="panel__title">
              Campaigns made from these settings
            </h2>
            <p className="field-help">
              They follow the settings until someone edits them, here or under Campaigns; then they are left
              as edited.
            </p>
            <DerivedCampaign
              title="Starter campaign"
              campaign={settings.campaigns.starter}
              none="None: this workspace was made without one."
              canEdit={user.role === "admin" || user.role === "supervisor"}
              onSaved={reload}
            />
            <DerivedCampaign
              title="Competitors"
              campaign={settings.campaigns.competitors}
              none="None: add a competitor above to collect posts naming them."
              canEdit={user.role === "admin" || user.role === "supervisor"}
              onSaved={reload}
            />
          </section>
        )}
        {(user.role === "admin" || user.role === "supervisor") && (
          <HandoffEndpointEditor canEdit={user.role === "admin"} />
        )}
      </div>
    </main>
  );
}

function DerivedCampaign({
  title,
  campaign,
  none,
  canEdit,
  onSaved,
}: {
  title: string;
  campaign: CampaignView | null;
  none: string;
  canEdit: boolean;
  onSaved(): void;
}) {
  const [editing, setEditing] = useState(false);
  if (campaign && editing) {
    return (
      <div className="derived-campaign">
        <CampaignForm
          campaign={campaign}
          onSave={async (input: CampaignInput) => {
            await api.updateCampaign(campaign.id, input);
            setEditing(false);
            onSaved();
          }}
          onCancel={() => setEditing(false)}
        />
      </div>
    );
  }
  return (
    <div className="derived-campaign">
      <h3>{title}</h3>
      {campaign ? (
        <>
          <p>
            <a href={CAMPAIGNS_HREF}>{campaign.name}</a>
            {!campaign.enabled && <span className="muted"> (disabled)</span>}
            {canEdit && (
              <button
                type="button"
                className="button button--small derived-campaign__edit"
                aria-label={`Edit ${campaign.name}`}
                onClick={() => setEditing(true)}
              >
                Edit
              </button>
            )}
          </p>
          <code className="query">{campaign.query}</code>
        </>
      ) : (
        <p className="muted">{none}</p>
      )}
    </div>
  );
}

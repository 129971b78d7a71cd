import { useEffect, useState } from "react";
import { ApiError, api } from "../api/client.ts";
import { plainErrorMessage } from "../api/errorMessages.ts";
import type { CampaignInput, CampaignView } from "../api/types.ts";
import { useSession } from "../auth/SessionContext.tsx";
import { ErrorBanner } from "../shell/ErrorBanner.tsx";
import { CampaignForm } from "./CampaignForm.tsx";
import { CampaignRow } from "./CampaignRow.tsx";
import { TaxonomyPanel } from "./TaxonomyPanel.tsx";

type Editing = { kind: "none" } | { kind: "new" } | { kind: "edit"; campaign: CampaignView };

const byName = (a: CampaignView, b: CampaignView) => a.name.localeCompare(b.name);

/** Campaigns decide which public posts Parley collects. Admins and supervisors edit; others read. */
export function CampaignsPage() {
  const { user, signOut } = useSession();
  const canEdit = user.role === "admin" || user.role === "supervisor";
  const [campaigns, setCampaigns] = useState<CampaignView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<Editing>({ kind: "none" });

  useEffect(() => {
    document.title = "Campaigns · Parley";
    api.campaigns().then(
      (page) => setCampaigns([...page.items].sort(byName)),
      (failure: unknown) => {
        if (failure instanceof ApiError && failure.code === "unauthenticated") signOut();
        setError(plainErrorMessage(failure));
      },
    );
  }, [signOut]);

  function put(campaign: CampaignView) {
    setCampaigns((list) => [...(list ?? []).filter((c) => c.id !== campaign.id), campaign].sort(byName));
  }

  async function save(input: CampaignInput) {
    const saved =
      editing.kind === "edit"
        ? await api.updateCampaign(editing.campaign.id, input)
        : await api.createCampaign(input);
    put(saved);
    setEditing({ kind: "none" });
  }

  async function remove(campaign: CampaignView) {
    setError(null);
    try {
      await api.deleteCampaign(campaign.id);
      setCampaigns((list) => (list ?? []).filter((c) => c.id !== campaign.id));
    } catch (failure) {
      setError(plainErrorMessage(failure));
    }
  }

  return (
    <main className="admin-page" aria-labelledby="campaigns-title">
      <header className="page-header">
        <h1 id="campaigns-title">Campaigns</h1>
        <span className="page-header__meta">
          {campaigns
            ? `${campaigns.length} ${campaigns.length === 1 ? "campaign" : "campaigns"}`
            : "Loading…"}
        </span>
        {canEdit && editing.kind === "none" && (
          <button
            type="button"
            className="button button--primary page-header__action"
            onClick={() => setEditing({ kind: "new" })}
          >
            New campaign
          </button>
        )}
      </header>
      <ErrorBanner error={error} />
      <div className="admin-page__body">
        {editing.kind !== "none" && (
          <CampaignForm
            key={editing.kind === "edit" ? editing.campaign.id : "new"}
            campaign={editing.kind === "edit" ? editing.campaign : null}
            onSave={save}
            onCancel={() => setEditing({ kind: "none" })}
          />
        )}
        <table className="data-table campaigns">
          <caption className="visually-hidden">Campaigns and how well their relevance filters do</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Query</th>
              <th scope="col">Languages</th>
              <th scope="col">Enabled</th>
              <th scope="col" title="Learns from resolves (relevant) and irrelevant discards">
                Relevance filter
              </th>
              {canEdit && (
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {campaigns?.map((campaign) => (
              <CampaignRow
                key={campaign.id}
                campaign={campaign}
                canEdit={canEdit}
                onEdit={() => setEditing({ kind: "edit", campaign })}
                onDelete={() => remove(campaign)}
              />
            ))}
          </tbody>
        </table>
        {campaigns?.length === 0 && (
          <p className="empty">No campaigns yet{canEdit ? ": create one to start collecting posts." : "."}</p>
        )}
        <TaxonomyPanel canEdit={canEdit} />
      </div>
    </main>
  );
}

import { useState } from "react";
import type { CampaignView } from "../api/types.ts";
import { isLearning, relevanceSummary } from "./relevance.ts";

/** One campaign. Deleting asks first, in the row itself, since it cannot be undone. */
export function CampaignRow({
  campaign,
  canEdit,
  onEdit,
  onDelete,
}: {
  campaign: CampaignView;
  canEdit: boolean;
  onEdit(): void;
  onDelete(): Promise<void>;
}) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const learning = isLearning(campaign.relevance);

  async function remove() {
    setBusy(true);
    try {
      await onDelete();
    } finally {
      setBusy(false);
      setConfirming(false);
    }
  }

  return (
    <tr className="campaign-row">
      <th scope="row" className="campaign-row__name">
        {campaign.name}
      </th>
      <td>
        <code className="query">{campaign.query}</code>
      </td>
      <td>
        {campaign.languages.length > 0 ? campaign.languages.join(", ") : <span className="muted">any</span>}
      </td>
      <td>{campaign.enabled ? "On" : <span className="muted">Off</span>}</td>
      <td className={learning ? "relevance relevance--learning" : "relevance"}>
        {relevanceSummary(campaign.relevance)}
      </td>
      {canEdit && (
        <td className="campaign-row__actions">
          {confirming ? (
            <span className="row-actions">
              <span className="confirm__question">Delete?</span>
              <button
                type="button"
                className="button button--danger button--small"
                disabled={busy}
                onClick={remove}
              >
                Delete
              </button>
              <button
                type="button"
                className="button button--quiet button--small"
                // biome-ignore lint/a11y/noAutofocus: the safe choice takes focus when asked to confirm
                autoFocus
                onClick={() => setConfirming(false)}
              >
                Keep
              </button>
            </span>
          ) : (
            <span className="row-actions">
              <button
                type="button"
                className="button button--small"
                aria-label={`Edit ${campaign.name}`}
                onClick={onEdit}
              >
                Edit
              </button>
              <button
                type="button"
                className="button button--quiet button--small"
                aria-label={`Delete ${campaign.name}`}
                onClick={() => setConfirming(true)}
              >
                Delete
              </button>
            </span>
          )}
        </td>
      )}
    </tr>
  );
}

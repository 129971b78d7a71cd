/** Campaign administration. A query must parse before it is saved; saving refreshes the matcher. */

import { RelevanceFilter } from "../analysis/index.ts";
import { newEvent } from "../domain/events.ts";
import { parseQuery } from "../domain/query.ts";
import type { CampaignView } from "../domain/views.ts";
import { ParleyError } from "../errors.ts";
import type { CampaignInput, CampaignRecord } from "../store/campaigns.ts";
import type { Store } from "../store/index.ts";
import type { Principal } from "./auth.ts";

/** The stored campaign with its relevance filter's figures; null until the filter has decided once. */
export function presentCampaign({ relevanceState, ...campaign }: CampaignRecord): CampaignView {
  const stats = relevanceState ? RelevanceFilter.fromJSON(relevanceState).stats() : null;
  const decided = stats !== null && stats.decisions > 0;
  return {
    ...campaign,
    relevance: {
      decisions: stats?.decisions ?? 0,
      precision: decided && stats.truePositives + stats.falsePositives > 0 ? stats.precision : null,
      recall: decided && stats.truePositives + stats.falseNegatives > 0 ? stats.recall : null,
    },
  };
}

export function campaignService(store: Store, onChange: (workspaceId: string) => void) {
  /** Audits a change and announces it, in the change's transaction. */
  async function audit(
    tx: Store,
    principal: Principal,
    action: "create" | "update" | "delete",
    id: string,
    detail: Record<string, unknown> = {},
  ) {
    const change = ({ create: "created", update: "updated", delete: "deleted" } as const)[action];
    await tx.events.append([
      newEvent("campaign.changed", principal.workspace.id, { campaignId: id, change }),
    ]);
    await tx.audit.record({
      workspaceId: principal.workspace.id,
      actorUserId: principal.user.id,
      action: `campaign.${action}`,
      subjectType: "campaign",
      subjectId: id,
      detail,
    });
  }

  return {
    list: async (principal: Principal) =>
      (await store.campaigns.list(principal.workspace.id)).map(presentCampaign),

    async get(principal: Principal, id: string): Promise<CampaignView> {
      const campaign = await store.campaigns.get(principal.workspace.id, id);
      if (!campaign) throw new ParleyError("not_found", "No such campaign");
      return presentCampaign(campaign);
    },

    async create(principal: Principal, input: CampaignInput): Promise<CampaignView> {
      parseQuery(input.query);
      const campaign = await store.transaction(async (tx) => {
        const created = await tx.campaigns.create(principal.workspace.id, input);
        await audit(tx, principal, "create", created.id, { query: input.query });
        return created;
      });
      onChange(principal.workspace.id);
      return presentCampaign(campaign);
    },

    async update(principal: Principal, id: string, patch: Partial<CampaignInput>): Promise<CampaignView> {
      if (patch.query !== undefined) parseQuery(patch.query);
      const campaign = await store.transaction(async (tx) => {
        const updated = await tx.campaigns.update(principal.workspace.id, id, patch);
        if (!updated) throw new ParleyError("not_found", "No such campaign");
        await audit(tx, principal, "update", id, patch);
        return updated;
      });
      onChange(principal.workspace.id);
      return presentCampaign(campaign);
    },

    async remove(principal: Principal, id: string): Promise<void> {
      await store.transaction(async (tx) => {
        if (!(await tx.campaigns.remove(principal.workspace.id, id))) {
          throw new ParleyError("not_found", "No such campaign");
        }
        await audit(tx, principal, "delete", id);
      });
      onChange(principal.workspace.id);
    },
  };
}

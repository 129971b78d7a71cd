/** Campaign administration. A query must parse before it is saved; saving refreshes the matcher. */
import { RelevanceFilter } from "../analysis/index.ts";
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
  async function audit(
    principal: Principal,
    action: string,
    id: string,
    detail: Record<string, unknown> = {},
  ) {
    await store.audit.record({
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
      const campaign = await store.campaigns.create(principal.workspace.id, input);
      await audit(principal, "create", campaign.id, { query: input.query });
      onChange(principal.workspace.id);
      return presentCampaign(campaign);
    },

    async update(principal: Principal, id: string, patch: Partial<CampaignInput>): Promise<CampaignView> {
      if (patch.query !== undefined) parseQuery(patch.query);
      const campaign = await store.campaigns.update(principal.workspace.id, id, patch);
      if (!campaign) throw new ParleyError("not_found", "No such campaign");
      await audit(principal, "update", id, patch);
      onChange(principal.workspace.id);
      return presentCampaign(campaign);
    },

    async remove(principal: Principal, id: string): Promise<void> {
      if (!(await store.campaigns.remove(principal.workspace.id, id))) {
        throw new ParleyError("not_found", "No such campaign");
      }
      await audit(principal, "delete", id);
      onChange(principal.workspace.id);
    },
  };
}

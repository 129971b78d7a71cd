/**
 * Workspaces for a brand of one's own: the brand's names, handles per platform, employees,
 * competitors, languages, time zone and taxonomy, and the campaigns built from them (a starter
 * campaign matching the brand, a competitor campaign) so posts match from the first import.
 * A derived campaign follows later changes of the settings until someone edits it by hand.
 */
import { STARTER_TAXONOMIES } from "../analysis/index.ts";
import { newEvent } from "../domain/events.ts";
import type { CampaignView, Competitor, WorkspaceView } from "../domain/views.ts";
import {
  applySettings,
  type BrandSettings,
  competitorCampaign,
  type DerivedCampaign,
  holdsDerived,
  type SettingsPatch,
  sortHandles,
  starterCampaign,
} from "../domain/workspaceSettings.ts";
import { ParleyError } from "../errors.ts";
import { isStarter } from "../pipeline/analysisProfile.ts";
import type { Store } from "../store/index.ts";
import { presentCampaign } from "./campaigns.ts";

export { starterQuery } from "../domain/workspaceSettings.ts";

export interface WorkspaceInput {
  name: string;
  /** The brand's own accounts, with or without @; "x:acmehelp" for one platform only. */
  handles: string[];
  /** The brand's names and aliases as people write them ("Lumen Mobile", "Lumen"); the name by default. */
  names?: string[];
  /** Employees' personal accounts, "x:janedoe" or "janedoe". */
  employees?: string[];
  competitors?: Competitor[];
  languages?: string[];
  timeZone?: string;
  /** A starter topic taxonomy by name (telecom, airline, retail, software). */
  taxonomyStarter?: string;
}

export type WorkspaceSettingsPatch = SettingsPatch & { taxonomyStarter?: string };

export interface WorkspaceSettingsView extends WorkspaceView {
  taxonomy: { starter: string | null; examples: number; starters: string[] };
  /** The campaigns the settings made, as they are now (null once deleted). */
  campaigns: { starter: CampaignView | null; competitors: CampaignView | null };
}

/** Who changes the settings: a signed-in user, or the command line (no user). */
export interface Actor {
  userId: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const settingsOf = (w: WorkspaceView): BrandSettings => ({
  name: w.name,
  brandHandles: w.brandHandles,
  platformHandles: w.platformHandles,
  brandNames: w.brandNames,
  employeeHandles: w.employeeHandles,
  competitors: w.competitors,
  languages: w.languages,
  timeZone: w.timeZone,
});

const EMPTY: BrandSettings = {
  name: "",
  brandHandles: [],
  platformHandles: {},
  brandNames: [],
  employeeHandles: [],
  competitors: [],
  languages: [],
  timeZone: "UTC",
};

function checkTaxonomy(starter: string | undefined): void {
  if (starter !== undefined && !isStarter(starter))
    throw new ParleyError("validation_failed", `No starter taxonomy "${starter}"`, [
      { path: "taxonomyStarter", message: `One of ${Object.keys(STARTER_TAXONOMIES).join(", ")}` },
    ]);
}

/** The settings an input describes, checked: a bad field is a `validation_failed` naming it. */
export function settingsFrom(input: WorkspaceInput): BrandSettings {
  const name = input.name.trim();
  return applySettings(
    { ...EMPTY, name: name || " " },
    {
      name: input.name,
      ...sortHandles(input.handles),
      brandNames: input.names ?? [name],
      employeeHandles: input.employees ?? [],
      competitors: input.competitors ?? [],
      languages: input.languages ?? [],
      timeZone: input.timeZone ?? "UTC",
    },
  );
}

/**
 * Creates the workspace and its derived campaigns with `tx`, which must be a transaction holding
 * `lockCreation`. The first-run setup and `parley workspace create` both come through here.
 */
export async function createWorkspaceIn(
  tx: Store,
  settings: BrandSettings,
  taxonomyStarter?: string,
): Promise<WorkspaceView> {
  checkTaxonomy(taxonomyStarter);
  const workspace = await tx.workspaces.create(settings);
  const starter = await tx.campaigns.create(workspace.id, starterCampaign(settings));
  const competitors = competitorCampaign(settings);
  const rival = competitors ? await tx.campaigns.create(workspace.id, competitors) : null;
  if (taxonomyStarter !== undefined) {
    await tx.models.lockForUpdate(workspace.id);
    await tx.models.save(workspace.id, { taxonomyStarter, taxonomyExamples: [] });
  }
  const linked = await tx.workspaces.update(workspace.id, {
    starterCampaignId: starter.id,
    competitorCampaignId: rival?.id ?? null,
  });
  return linked!;
}

/**
 * Brings a derived campaign in step with new settings: created when it should exist and there is
 * none, updated while it still holds what the old settings made, removed when the settings no
 * longer make one and nobody changed it. Returns the campaign id the workspace keeps.
 */
async function follow(
  tx: Store,
  workspaceId: string,
  id: string | null,
  before: DerivedCampaign | null,
  after: DerivedCampaign | null,
  createWhenNone: boolean,
): Promise<string | null> {
  const current = id ? await tx.campaigns.get(workspaceId, id) : null;
  if (!current) {
    if (!after) return null;
    // A workspace made without one (the demo) gets none; one someone deleted stays deleted until
    // the settings it is made of change.
    if (!id && !createWhenNone) return null;
    const changed = before === null || !holdsDerived(before, after);
    return changed ? (await tx.campaigns.create(workspaceId, after)).id : id;
  }
  const untouched = before !== null && holdsDerived(current, before);
  if (!untouched) return current.id;
  if (!after) {
    await tx.campaigns.remove(workspaceId, current.id);
    return null;
  }
  await tx.campaigns.update(workspaceId, current.id, after);
  return current.id;
}

function changes(
  before: BrandSettings,
  after: BrandSettings,
): Record<string, { from: unknown; to: unknown }> {
  const out: Record<string, { from: unknown; to: unknown }> = {};
  for (const key of Object.keys(after) as (keyof BrandSettings)[]) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key]))
      out[key] = { from: before[key], to: after[key] };
  }
  return out;
}

export function workspaceService(store: Store, onChange: (workspaceId: string) => void = () => undefined) {
  async function find(id: string): Promise<WorkspaceView> {
    const workspace = UUID.test(id) ? await store.workspaces.get(id) : null;
    if (!workspace)
      throw new ParleyError("not_found", `No workspace with id ${id}: see parley workspace list`);
    return workspace;
  }

  async function settingsView(workspace: WorkspaceView): Promise<WorkspaceSettingsView> {
    const [models, starter, rival] = await Promise.all([
      store.models.get(workspace.id),
      workspace.starterCampaignId ? store.campaigns.get(workspace.id, workspace.starterCampaignId) : null,
      workspace.competitorCampaignId
        ? store.campaigns.get(workspace.id, workspace.competitorCampaignId)
        : null,
    ]);
    const starterName = models?.taxonomyStarter ?? null;
    return {
      ...workspace,
      taxonomy: {
        starter: starterName,
        examples: models?.taxonomyExamples.length ?? 0,
        starters: Object.keys(STARTER_TAXONOMIES),
      },
      campaigns: {
        starter: starter ? presentCampaign(starter) : null,
        competitors: rival ? presentCampaign(rival) : null,
      },
    };
  }

  return {
    async create(input: WorkspaceInput): Promise<WorkspaceView & { campaignId: string }> {
      const settings = settingsFrom(input);
      checkTaxonomy(input.taxonomyStarter);
      const workspace = await store.transaction(async (tx) => {
        await tx.workspaces.lockCreation();
        return createWorkspaceIn(tx, settings, input.taxonomyStarter);
      });
      return { ...workspace, campaignId: workspace.starterCampaignId! };
    },
    list: () => store.workspaces.list(),
    get: find,
    /** The settings with the taxonomy and the derived campaigns, for the settings page and the CLI. */
    async settings(id: string): Promise<WorkspaceSettingsView> {
      return settingsView(await find(id));
    },

    /**
     * Changes the settings in one transaction with the derived campaigns and the taxonomy, audits
     * what changed, and after commit tells every process to rebuild the workspace's context.
     */
    async update(id: string, patch: WorkspaceSettingsPatch, actor: Actor): Promise<WorkspaceSettingsView> {
      await find(id);
      checkTaxonomy(patch.taxonomyStarter);
      const { taxonomyStarter, ...settingsPatch } = patch;
      await store.transaction(async (tx) => {
        const current = await tx.workspaces.lockForUpdate(id);
        if (!current) throw new ParleyError("not_found", "No such workspace");
        const before = settingsOf(current);
        const after = applySettings(before, settingsPatch);
        const starterCampaignId = await follow(
          tx,
          id,
          current.starterCampaignId,
          starterCampaign(before),
          starterCampaign(after),
          false,
        );
        const competitorCampaignId = await follow(
          tx,
          id,
          current.competitorCampaignId,
          competitorCampaign(before),
          competitorCampaign(after),
          true,
        );
        await tx.workspaces.update(id, { ...after, starterCampaignId, competitorCampaignId });
        const detail: Record<string, unknown> = changes(before, after);
        if (taxonomyStarter !== undefined) {
          const models = await tx.models.lockForUpdate(id);
          if (models.taxonomyStarter !== taxonomyStarter || models.taxonomyExamples.length > 0) {
            await tx.models.save(id, { taxonomyStarter, taxonomyExamples: [] });
            detail.taxonomyStarter = { from: models.taxonomyStarter, to: taxonomyStarter };
          }
        }
        // Every process drops its cached context of the workspace when this reaches it.
        await tx.events.append([newEvent("workspace.changed", id, {})]);
        await tx.audit.record({
          workspaceId: id,
          actorUserId: actor.userId,
          action: "workspace.update",
          subjectType: "workspace",
          subjectId: id,
          detail,
        });
      });
      onChange(id);
      return settingsView(await find(id));
    },
  };
}

export type WorkspaceService = ReturnType<typeof workspaceService>;

import type { RelevanceFilterJson } from "../analysis/index.ts";
import type { CampaignView } from "../domain/views.ts";
import type { Executor, Tables } from "./executor.ts";
import { and, asc, eq } from "./orm.ts";

type Row = Tables["campaigns"]["$inferSelect"];
export type CampaignInput = Pick<CampaignView, "name" | "query"> &
  Partial<Pick<CampaignView, "languages" | "excludeAuthors" | "vipAuthors" | "enabled">>;
/** A campaign as stored: the relevance filter's state, which the service turns into figures. */
export type CampaignRecord = Omit<CampaignView, "relevance"> & { relevanceState: RelevanceFilterJson | null };

const present = (r: Row): CampaignRecord => ({
  id: r.id,
  name: r.name,
  query: r.query,
  languages: r.languages,
  excludeAuthors: r.excludeAuthors,
  vipAuthors: r.vipAuthors,
  enabled: r.enabled,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
  relevanceState: r.relevance ?? null,
});

export function campaignRepository(x: Executor) {
  const { db } = x;
  const { campaigns } = x.t;
  return {
    async create(workspaceId: string, input: CampaignInput): Promise<CampaignRecord> {
      const [row] = await db
        .insert(campaigns)
        .values({ workspaceId, ...input })
        .returning();
      return present(row!);
    },
    async get(workspaceId: string, id: string): Promise<CampaignRecord | null> {
      const [row] = await db
        .select()
        .from(campaigns)
        .where(and(eq(campaigns.workspaceId, workspaceId), eq(campaigns.id, id)));
      return row ? present(row) : null;
    },
    async list(workspaceId: string): Promise<CampaignRecord[]> {
      return (
        await db
          .select()
          .from(campaigns)
          .where(eq(campaigns.workspaceId, workspaceId))
          .orderBy(asc(campaigns.createdAt))
      ).map(present);
    },
    async update(
      workspaceId: string,
      id: string,
      patch: Partial<CampaignInput>,
    ): Promise<CampaignRecord | null> {
      const [row] = await db
        .update(campaigns)
        .set({ ...patch, updatedAt: new Date() })
        .where(and(eq(campaigns.workspaceId, workspaceId), eq(campaigns.id, id)))
        .returning();
      return row ? present(row) : null;
    },
    async setRelevance(workspaceId: string, id: string, state: RelevanceFilterJson): Promise<void> {
      await db
        .update(campaigns)
        .set({ relevance: state })
        .where(and(eq(campaigns.workspaceId, workspaceId), eq(campaigns.id, id)));
    },
    async remove(workspaceId: string, id: string): Promise<boolean> {
      const rows = await db
        .delete(campaigns)
        .where(and(eq(campaigns.workspaceId, workspaceId), eq(campaigns.id, id)))
        .returning({ id: campaigns.id });
      return rows.length > 0;
    },
  };
}

import type { WorkspaceView } from "../domain/views.ts";
import type { BrandSettings } from "../domain/workspaceSettings.ts";
import { type Executor, forUpdate, type Tables } from "./executor.ts";
import { asc, eq, sql } from "./orm.ts";

type Row = Tables["workspaces"]["$inferSelect"];
const present = (r: Row): WorkspaceView => ({
  id: r.id,
  name: r.name,
  demo: r.demo,
  brandHandles: r.brandHandles,
  platformHandles: r.platformHandles,
  brandNames: r.brandNames,
  employeeHandles: r.employeeHandles,
  competitors: r.competitors,
  languages: r.languages,
  timeZone: r.timeZone,
  starterCampaignId: r.starterCampaignId,
  competitorCampaignId: r.competitorCampaignId,
});

export type WorkspacePatch = Partial<BrandSettings> & {
  starterCampaignId?: string | null;
  competitorCampaignId?: string | null;
};

export function workspaceRepository(x: Executor) {
  const { db } = x;
  const { workspaces } = x.t;
  return {
    async create(
      input: { name: string; demo?: boolean } & Partial<Omit<BrandSettings, "name">>,
    ): Promise<WorkspaceView> {
      const [row] = await db
        .insert(workspaces)
        .values({
          name: input.name,
          brandHandles: (input.brandHandles ?? []).map((h) => h.replace(/^@/, "").toLowerCase()),
          brandNames: input.brandNames ?? [],
          platformHandles: input.platformHandles ?? {},
          employeeHandles: input.employeeHandles ?? [],
          competitors: input.competitors ?? [],
          languages: input.languages ?? [],
          timeZone: input.timeZone ?? "UTC",
          demo: input.demo ?? false,
        })
        .returning();
      return present(row!);
    },
    async update(id: string, patch: WorkspacePatch): Promise<WorkspaceView | null> {
      const [row] = await db.update(workspaces).set(patch).where(eq(workspaces.id, id)).returning();
      return row ? present(row) : null;
    },
    /**
     * Serialises workspace creation across processes until the transaction ends. SQLite's
     * transaction already holds the only write lock.
     */
    async lockCreation(): Promise<void> {
      if (x.dialect === "postgres") await x.rows(sql`select pg_advisory_xact_lock(7305001)`);
    },
    /** The workspace, locked until the transaction ends: settings changes are read-modify-write. */
    async lockForUpdate(id: string): Promise<WorkspaceView | null> {
      const [row] = await forUpdate(x, db.select().from(workspaces).where(eq(workspaces.id, id)));
      return row ? present(row) : null;
    },
    async get(id: string): Promise<WorkspaceView | null> {
      const [row] = await db.select().from(workspaces).where(eq(workspaces.id, id));
      return row ? present(row) : null;
    },
    async list(): Promise<WorkspaceView[]> {
      return (await db.select().from(workspaces).orderBy(asc(workspaces.createdAt))).map(present);
    },
    async count(): Promise<number> {
      const [row] = await db.select({ n: sql<number>`count(*)` }).from(workspaces);
      return Number(row?.n ?? 0);
    },
  };
}

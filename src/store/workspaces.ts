import type { WorkspaceView } from "../domain/views.ts";
import type { Executor, Tables } from "./executor.ts";
import { asc, eq, sql } from "./orm.ts";

type Row = Tables["workspaces"]["$inferSelect"];
const present = (r: Row): WorkspaceView => ({
  id: r.id,
  name: r.name,
  demo: r.demo,
  brandHandles: r.brandHandles,
  brandNames: r.brandNames,
});

export function workspaceRepository(x: Executor) {
  const { db } = x;
  const { workspaces } = x.t;
  return {
    async create(input: {
      name: string;
      brandHandles?: string[];
      brandNames?: string[];
      demo?: boolean;
    }): Promise<WorkspaceView> {
      const [row] = await db
        .insert(workspaces)
        .values({
          name: input.name,
          brandHandles: (input.brandHandles ?? []).map((h) => h.replace(/^@/, "").toLowerCase()),
          brandNames: input.brandNames ?? [],
          demo: input.demo ?? false,
        })
        .returning();
      return present(row!);
    },
    /**
     * Serialises workspace creation across processes until the transaction ends. SQLite's
     * transaction already holds the only write lock.
     */
    async lockCreation(): Promise<void> {
      if (x.dialect === "postgres") await x.rows(sql`select pg_advisory_xact_lock(7305001)`);
    },
    async get(id: string): Promise<WorkspaceView | null> {
      const [row] = await db.select().from(workspaces).where(eq(workspaces.id, id));
      return row ? present(row) : null;
    },
    async list(): Promise<WorkspaceView[]> {
      return (await db.select().from(workspaces).orderBy(asc(workspaces.createdAt))).map(present);
    },
  };
}

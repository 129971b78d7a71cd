/** Each workspace's analysis tuning: taxonomy and learnt corrections, versioned. */

import { type Executor, forUpdate, type Tables } from "./executor.ts";
import { eq, sql } from "./orm.ts";

export type WorkspaceModelsRecord = Tables["workspaceModels"]["$inferSelect"];
type Patch = Partial<
  Pick<WorkspaceModelsRecord, "taxonomyStarter" | "taxonomyExamples" | "learner" | "priority">
>;

export function workspaceModelRepository(x: Executor) {
  const { db } = x;
  const { workspaceModels } = x.t;
  return {
    async get(workspaceId: string): Promise<WorkspaceModelsRecord | null> {
      const [row] = await db
        .select()
        .from(workspaceModels)
        .where(eq(workspaceModels.workspaceId, workspaceId));
      return row ?? null;
    },
    /** The row, created when missing, locked until the transaction ends: changes are read-modify-write. */
    async lockForUpdate(workspaceId: string): Promise<WorkspaceModelsRecord> {
      await db.insert(workspaceModels).values({ workspaceId }).onConflictDoNothing();
      const [row] = await forUpdate(
        x,
        db.select().from(workspaceModels).where(eq(workspaceModels.workspaceId, workspaceId)),
      );
      return row!;
    },
    async save(workspaceId: string, patch: Patch): Promise<void> {
      await db
        .update(workspaceModels)
        .set({ ...patch, version: sql`${workspaceModels.version} + 1`, updatedAt: new Date() })
        .where(eq(workspaceModels.workspaceId, workspaceId));
    },
  };
}

import type { Executor } from "./executor.ts";
import { and, asc, eq } from "./orm.ts";

export interface AuditInput {
  workspaceId: string;
  actorUserId: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  detail?: Record<string, unknown>;
}

export function auditRepository(x: Executor) {
  const { db } = x;
  const { auditEvents } = x.t;
  return {
    async record(event: AuditInput): Promise<void> {
      await db.insert(auditEvents).values({ ...event, detail: event.detail ?? {} });
    },
    async forSubject(workspaceId: string, subjectType: string, subjectId: string) {
      return db
        .select()
        .from(auditEvents)
        .where(
          and(
            eq(auditEvents.workspaceId, workspaceId),
            eq(auditEvents.subjectType, subjectType),
            eq(auditEvents.subjectId, subjectId),
          ),
        )
        .orderBy(asc(auditEvents.id));
    },
  };
}

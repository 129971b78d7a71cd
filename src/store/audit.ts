import type { SQL } from "drizzle-orm";
import type { Executor } from "./executor.ts";
import { and, asc, desc, eq, gte, lt, lte } from "./orm.ts";

export interface AuditInput {
  workspaceId: string;
  actorUserId: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  detail?: Record<string, unknown>;
}

/** What the audit log may be filtered by; `beforeId` pages from the newest down. */
export interface AuditFilter {
  actorUserId?: string;
  action?: string;
  subjectType?: string;
  subjectId?: string;
  from?: Date;
  to?: Date;
  beforeId?: number;
  limit: number;
}

export function auditRepository(x: Executor) {
  const { db } = x;
  const { auditEvents } = x.t;
  return {
    async record(event: AuditInput): Promise<void> {
      await db.insert(auditEvents).values({ ...event, detail: event.detail ?? {} });
    },
    /** Newest first, with the actor's name and email while the user exists. */
    async list(workspaceId: string, filter: AuditFilter) {
      const { users } = x.t;
      const conditions: (SQL | undefined)[] = [
        eq(auditEvents.workspaceId, workspaceId),
        filter.actorUserId ? eq(auditEvents.actorUserId, filter.actorUserId) : undefined,
        filter.action ? eq(auditEvents.action, filter.action) : undefined,
        filter.subjectType ? eq(auditEvents.subjectType, filter.subjectType) : undefined,
        filter.subjectId ? eq(auditEvents.subjectId, filter.subjectId) : undefined,
        filter.from ? gte(auditEvents.at, filter.from) : undefined,
        filter.to ? lte(auditEvents.at, filter.to) : undefined,
        filter.beforeId !== undefined ? lt(auditEvents.id, filter.beforeId) : undefined,
      ];
      return db
        .select({
          id: auditEvents.id,
          at: auditEvents.at,
          action: auditEvents.action,
          subjectType: auditEvents.subjectType,
          subjectId: auditEvents.subjectId,
          detail: auditEvents.detail,
          actorUserId: auditEvents.actorUserId,
          actorName: users.name,
          actorEmail: users.email,
        })
        .from(auditEvents)
        .leftJoin(users, eq(users.id, auditEvents.actorUserId))
        .where(and(...conditions))
        .orderBy(desc(auditEvents.id))
        .limit(filter.limit);
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

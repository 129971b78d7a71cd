/**
 * The audit log as admins read it: newest first, filtered by who, what and when, paged by an
 * opaque cursor. Entries are shown whole (no redaction: only admins see them); their detail is
 * whatever the action recorded, so clients render it as text.
 */
import type { AuditEntryView } from "../domain/views.ts";
import { ParleyError } from "../errors.ts";
import type { Store } from "../store/index.ts";
import type { Principal } from "./auth.ts";

export interface AuditQuery {
  actor?: string;
  action?: string;
  entity?: string;
  entityId?: string;
  from?: string;
  to?: string;
  limit?: number;
  cursor?: string;
}

export function encodeAuditCursor(id: number): string {
  return Buffer.from(`audit:${id}`).toString("base64url");
}

export function decodeAuditCursor(cursor: string): number {
  const match = /^audit:(\d{1,15})$/.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  if (!match) throw new ParleyError("invalid_cursor");
  return Number(match[1]);
}

export function auditService(store: Store) {
  return {
    async list(principal: Principal, query: AuditQuery) {
      if (principal.user.role !== "admin")
        throw new ParleyError("forbidden", "Only admins read the audit log");
      const limit = Math.min(Math.max(query.limit ?? 50, 1), 200);
      const rows = await store.audit.list(principal.workspace.id, {
        actorUserId: query.actor,
        action: query.action,
        subjectType: query.entity,
        subjectId: query.entityId,
        from: query.from ? new Date(query.from) : undefined,
        to: query.to ? new Date(query.to) : undefined,
        beforeId: query.cursor ? decodeAuditCursor(query.cursor) : undefined,
        limit: limit + 1,
      });
      const page = rows.slice(0, limit);
      const items: AuditEntryView[] = page.map((r) => ({
        id: String(r.id),
        at: r.at.toISOString(),
        actor: r.actorUserId
          ? { id: r.actorUserId, name: r.actorName ?? null, email: r.actorEmail ?? null }
          : null,
        action: r.action,
        entity: { type: r.subjectType, id: r.subjectId },
        detail: r.detail ?? {},
      }));
      return { items, nextCursor: rows.length > limit ? encodeAuditCursor(page.at(-1)!.id) : null };
    },
  };
}

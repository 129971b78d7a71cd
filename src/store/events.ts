/**
 * The outbox and event log. Events are appended in the transaction of the change they describe;
 * `seq` orders them. Durable consumers keep their place in `event_consumers`, and the relay marks
 * what it has handed to NATS.
 */
import type { DomainEvent, NewEvent } from "../domain/events.ts";
import { type Executor, forUpdate, ofWorkspace } from "./executor.ts";
import { and, asc, eq, gt, inArray, isNull, lt, sql } from "./orm.ts";
import { uuid7 } from "./uuid7.ts";

// Rows per insert statement: well under both dialects' limits on bound parameters.
const INSERT_ROWS = 500;
const SQLITE_MARK_RELAYED = "update events set relayed_at = ? where seq = ?";

export function eventRepository(x: Executor) {
  const { db } = x;
  const { events, eventConsumers } = x.t;
  const read = (rows: (typeof events.$inferSelect)[]): DomainEvent[] =>
    rows.map(
      (r) =>
        ({
          id: r.id,
          seq: r.seq,
          at: r.at,
          type: r.type,
          workspaceId: r.workspaceId,
          data: r.data,
        }) as DomainEvent,
    );
  return {
    /**
     * Writes events; call inside the transaction of the change. Returns their ids and places, in
     * the list's order. The embedded store runs one prepared insert per event; PostgreSQL one
     * statement over a JSON recordset, numbered in the list's order.
     */
    async append(list: readonly NewEvent[]): Promise<{ id: string; seq: number }[]> {
      if (list.length === 0) return [];
      const rows = list.map((e) => ({
        id: uuid7(),
        type: e.type,
        workspace_id: e.workspaceId,
        data: e.data,
      }));
      if (x.sqlite) {
        const writer = x.sqlite;
        return writer.transaction(() => {
          const insert = writer.statement(
            "insert into events (id, type, workspace_id, data) values (?, ?, ?, ?) returning seq",
          );
          return rows.map((r) => {
            const { seq } = insert.get(r.id, r.type, r.workspace_id, JSON.stringify(r.data)) as {
              seq: number;
            };
            return { id: r.id, seq: Number(seq) };
          });
        });
      }
      const written = await x.rows<{ id: string; seq: string | number }>(
        sql`insert into events (id, type, workspace_id, data)
          select r.id, r.type, r.workspace_id, r.data
          from rows from (jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
            as (id uuid, type text, workspace_id uuid, data jsonb)) with ordinality as r(id, type, workspace_id, data, n)
          order by r.n
          returning id, seq`,
      );
      const seqs = new Map(written.map((w) => [w.id, Number(w.seq)]));
      return rows.map((r) => ({ id: r.id, seq: seqs.get(r.id)! }));
    },
    /** Events after `seq`, oldest first; of one workspace when given. */
    async after(seq: number, options: { limit: number; workspaceId?: string }): Promise<DomainEvent[]> {
      const where = options.workspaceId
        ? and(gt(events.seq, seq), eq(events.workspaceId, options.workspaceId))
        : gt(events.seq, seq);
      return read(await db.select().from(events).where(where).orderBy(asc(events.seq)).limit(options.limit));
    },
    /** The oldest event still in the log, or null when it is empty. */
    async firstSeq(): Promise<number | null> {
      const [row] = await db.select({ seq: sql<number | null>`min(${events.seq})` }).from(events);
      return row?.seq === null || row?.seq === undefined ? null : Number(row.seq);
    },
    /** The newest event's place in the log (0 when empty). */
    async lastSeq(): Promise<number> {
      const [row] = await db.select({ seq: sql<number>`coalesce(max(${events.seq}), 0)` }).from(events);
      return Number(row?.seq ?? 0);
    },
    /** Events not yet handed to the relay's bus, oldest first, locked (PostgreSQL: skipping locked ones). */
    async unrelayed(limit: number): Promise<DomainEvent[]> {
      const query = db
        .select()
        .from(events)
        .where(isNull(events.relayedAt))
        .orderBy(asc(events.seq))
        .limit(limit);
      const rows = x.dialect === "postgres" ? await query.for("update", { skipLocked: true }) : await query;
      return read(rows);
    },
    /** A workspace's events not yet relayed, oldest first, read without locking (what is in flight too). */
    async pending(workspaceId: string, limit: number): Promise<DomainEvent[]> {
      return read(
        await db
          .select()
          .from(events)
          .where(and(isNull(events.relayedAt), ofWorkspace(x, events.workspaceId, workspaceId)))
          .orderBy(asc(events.seq))
          .limit(limit),
      );
    },
    async markRelayed(seqs: number[], at: Date): Promise<void> {
      const sqlite = x.sqlite;
      if (sqlite) {
        await sqlite.transaction(() => {
          const mark = sqlite.statement(SQLITE_MARK_RELAYED);
          for (const seq of seqs) mark.run(at.getTime(), seq);
        });
        return;
      }
      for (let i = 0; i < seqs.length; i += INSERT_ROWS) {
        await db
          .update(events)
          .set({ relayedAt: at })
          .where(inArray(events.seq, seqs.slice(i, i + INSERT_ROWS)));
      }
    },
    /**
     * A consumer's place, locked until the transaction ends, so two processes running the same
     * consumer take turns and never handle an event twice between them.
     */
    async lockPosition(name: string): Promise<number> {
      await db.insert(eventConsumers).values({ name, position: 0 }).onConflictDoNothing();
      const [row] = await forUpdate(x, db.select().from(eventConsumers).where(eq(eventConsumers.name, name)));
      return Number(row?.position ?? 0);
    },
    async savePosition(name: string, position: number): Promise<void> {
      await db
        .update(eventConsumers)
        .set({ position, updatedAt: new Date() })
        .where(eq(eventConsumers.name, name));
    },
    /** Deletes events relayed before `before`; returns how many. */
    async prune(before: Date): Promise<number> {
      const gone = await db.delete(events).where(lt(events.relayedAt, before)).returning({ seq: events.seq });
      return gone.length;
    },
  };
}

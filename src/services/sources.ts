/**
 * Sources: creating and changing them (settings validated by their kind, credentials sealed and
 * write-only), their health, and the push route's intake. Every change is audited and announced.
 */
import { z } from "zod";
import type { ConnectionCheck, ConnectorKind } from "../connectors/contract.ts";
import { connectorKind, connectorKinds } from "../connectors/registry.ts";
import type { SecretBox } from "../connectors/secretBox.ts";
import { newSigningSecret, parsePush, verifyPush } from "../connectors/webhook/push.ts";
import type { Clock } from "../domain/clock.ts";
import { newEvent } from "../domain/events.ts";
import type { Platform } from "../domain/post.ts";
import { type SourceView, sourceState } from "../domain/sources.ts";
import { ParleyError } from "../errors.ts";
import type { IngestPipeline } from "../pipeline/pipeline.ts";
import type { Store } from "../store/index.ts";
import type { SourceRow } from "../store/sources.ts";
import type { Principal } from "./auth.ts";

export interface SourceInput {
  kind: string;
  name: string;
  settings?: Record<string, unknown>;
  credentials?: Record<string, string>;
  enabled?: boolean;
}

export interface PushHeaders {
  timestamp?: string;
  signature?: string;
  idempotencyKey?: string;
}

export interface PushResult {
  stored: number;
  duplicates: number;
  rejected: { index: number; code: string; reason: string }[];
}

function kindOf(name: string): ConnectorKind<Record<string, unknown>> {
  const kind = connectorKind(name);
  if (!kind) throw new ParleyError("unknown_source_kind", `No source kind "${name}"`);
  return kind;
}

function validSettings(
  kind: ConnectorKind<Record<string, unknown>>,
  settings: unknown,
): Record<string, unknown> {
  const parsed = kind.settings.safeParse(settings ?? {});
  if (!parsed.success) {
    throw new ParleyError(
      "validation_failed",
      `The settings of a ${kind.kind} source are not valid`,
      parsed.error.issues.map((i) => ({ path: `settings.${i.path.join(".")}`, message: i.message })),
    );
  }
  return parsed.data;
}

function validCredentials(kind: ConnectorKind<Record<string, unknown>>, credentials: Record<string, string>) {
  const unknown = Object.keys(credentials).filter((k) => !kind.credentials.includes(k));
  if (unknown.length > 0) {
    throw new ParleyError(
      "validation_failed",
      `A ${kind.kind} source takes no credential ${unknown.join(", ")}`,
    );
  }
}

export function sourceService(deps: {
  store: Store;
  pipeline: IngestPipeline;
  box: SecretBox;
  clock: Clock;
}) {
  const { store, box, clock } = deps;

  function present(row: SourceRow & {}): SourceView {
    const kind = connectorKind(row.kind);
    const now = clock.now();
    let credentials: string[] = [];
    if (row.credentials) {
      try {
        credentials = Object.keys(box.open(row.credentials));
      } catch {
        credentials = ["(sealed with another key)"];
      }
    }
    return {
      id: row.id,
      kind: row.kind,
      label: kind?.label ?? row.kind,
      mode: kind?.mode ?? "poll",
      name: row.name,
      enabled: row.enabled,
      settings: row.config,
      credentials,
      health: {
        state: sourceState(row, now, kind?.mode === "push"),
        lastSuccessAt: row.lastSuccessAt?.toISOString() ?? null,
        lastError: row.lastError,
        lastErrorAt: row.lastErrorAt?.toISOString() ?? null,
        lagSeconds: row.newestAt ? Math.max(0, Math.round((now - row.newestAt.getTime()) / 1000)) : null,
        postsPerMinute: postsPerMinute(row, now),
        postsTotal: Number(row.postsTotal),
        rejectsTotal: Number(row.rejectsTotal),
        pausedUntil:
          row.pausedUntil && row.pausedUntil.getTime() > now ? row.pausedUntil.toISOString() : null,
      },
      pushPath: kind?.mode === "push" ? `/api/sources/${row.id}/push` : null,
      createdAt: row.createdAt.toISOString(),
    };
  }

  async function owned(principal: Principal, id: string): Promise<SourceRow & {}> {
    const row = await store.sources.get(id);
    if (!row || row.workspaceId !== principal.workspace.id)
      throw new ParleyError("not_found", "No such source");
    return row;
  }

  async function changed(
    tx: Store,
    principal: Principal,
    id: string,
    change: "created" | "updated" | "deleted" | "enabled" | "disabled",
    detail: Record<string, unknown> = {},
  ) {
    await tx.events.append([newEvent("source.changed", principal.workspace.id, { sourceId: id, change })]);
    await tx.audit.record({
      workspaceId: principal.workspace.id,
      actorUserId: principal.user.id,
      action: `source.${change === "created" ? "create" : change === "deleted" ? "delete" : change === "updated" ? "update" : change === "enabled" ? "enable" : "disable"}`,
      subjectType: "source",
      subjectId: id,
      detail,
    });
  }

  return {
    /** The kinds an admin can add here (a file import is made by `parley import`). */
    kinds: () =>
      connectorKinds()
        .filter((k) => k.startedBy !== "command")
        .map((k) => ({
          kind: k.kind,
          label: k.label,
          platform: k.platform,
          mode: k.mode,
          credentials: [...k.credentials],
          settings: z.toJSONSchema(k.settings, { io: "input", unrepresentable: "any" }),
        })),

    async list(principal: Principal): Promise<SourceView[]> {
      return (await store.sources.list(principal.workspace.id)).map(present);
    },

    async get(principal: Principal, id: string): Promise<SourceView> {
      return present(await owned(principal, id));
    },

    /** Creates a source; a push source's signing secret is generated and shown here only. */
    async create(
      principal: Principal,
      input: SourceInput,
    ): Promise<{ source: SourceView; signingSecret?: string }> {
      const kind = kindOf(input.kind);
      if (kind.startedBy === "command")
        throw new ParleyError("source_not_creatable", `A ${kind.kind} source is made by its command`);
      const settings = validSettings(kind, input.settings);
      const credentials = { ...input.credentials };
      validCredentials(kind, credentials);
      let signingSecret: string | undefined;
      if (kind.mode === "push") {
        signingSecret = newSigningSecret();
        credentials.signingSecret = signingSecret;
      }
      const sealed = Object.keys(credentials).length > 0 ? box.seal(credentials) : null;
      const row = await store.transaction(async (tx) => {
        const created = await tx.sources.create(principal.workspace.id, {
          kind: kind.kind,
          name: input.name,
          config: settings,
          credentials: sealed,
          enabled: input.enabled ?? true,
        });
        await changed(tx, principal, created.id, "created", { kind: kind.kind, name: input.name });
        return created;
      });
      return { source: present(row), ...(signingSecret ? { signingSecret } : {}) };
    },

    /**
     * Tests settings before they are saved (or a saved source with changed ones): the kind's
     * connector connects and logs in, reads nothing into the store, and says what it found.
     * Credentials not given are taken from the source named by `sourceId`. Nothing is changed.
     */
    async check(
      principal: Principal,
      input: {
        kind: string;
        settings?: Record<string, unknown>;
        credentials?: Record<string, string>;
        sourceId?: string;
      },
    ): Promise<ConnectionCheck> {
      const kind = kindOf(input.kind);
      const settings = validSettings(kind, input.settings);
      validCredentials(kind, input.credentials ?? {});
      let stored: Record<string, string> = {};
      if (input.sourceId) {
        const row = await owned(principal, input.sourceId);
        if (row.kind !== kind.kind)
          throw new ParleyError("validation_failed", "The source is of another kind");
        stored = row.credentials ? box.open(row.credentials) : {};
      }
      const connector = kind.create?.({
        id: input.sourceId ?? "check",
        workspaceId: principal.workspace.id,
        kind: kind.kind,
        name: "connection test",
        settings,
        credentials: { ...stored, ...input.credentials },
      });
      if (!connector?.check) throw new ParleyError("source_check_unsupported");
      try {
        return await connector.check({ clock, signal: AbortSignal.timeout(60_000) });
      } finally {
        await connector.close?.().catch(() => undefined);
      }
    },

    /** Changes name, settings or credentials; credentials given replace those of the same name. */
    async update(
      principal: Principal,
      id: string,
      patch: { name?: string; settings?: Record<string, unknown>; credentials?: Record<string, string> },
    ): Promise<SourceView> {
      const current = await owned(principal, id);
      const kind = kindOf(current.kind);
      const change: Parameters<Store["sources"]["update"]>[1] = {};
      if (patch.name !== undefined) change.name = patch.name;
      if (patch.settings !== undefined) change.config = validSettings(kind, patch.settings);
      if (patch.credentials !== undefined) {
        validCredentials(kind, patch.credentials);
        const previous = current.credentials ? box.open(current.credentials) : {};
        change.credentials = box.seal({ ...previous, ...patch.credentials });
      }
      const row = await store.transaction(async (tx) => {
        const updated = await tx.sources.update(id, change);
        await changed(tx, principal, id, "updated", {
          ...(patch.name !== undefined ? { name: patch.name } : {}),
          ...(patch.settings !== undefined ? { settings: change.config } : {}),
          // Which secrets changed, never their values.
          ...(patch.credentials ? { credentials: Object.keys(patch.credentials) } : {}),
        });
        return updated;
      });
      return present(row!);
    },

    async setEnabled(principal: Principal, id: string, enabled: boolean): Promise<SourceView> {
      await owned(principal, id);
      const row = await store.transaction(async (tx) => {
        const updated = await tx.sources.update(id, { enabled });
        await changed(tx, principal, id, enabled ? "enabled" : "disabled");
        return updated;
      });
      return present(row!);
    },

    async remove(principal: Principal, id: string): Promise<void> {
      await owned(principal, id);
      await store.transaction(async (tx) => {
        await tx.sources.remove(id);
        await changed(tx, principal, id, "deleted");
      });
    },

    /**
     * Takes posts pushed to a push source: checks the signature and the time, answers a repeated
     * idempotency key with its first answer, stores the readable posts and sends the rest to the
     * dead letters, all with the source's counters in one transaction.
     */
    async push(
      sourceId: string,
      headers: PushHeaders,
      body: Buffer,
    ): Promise<PushResult & { repeated: boolean }> {
      const row = await store.sources.get(sourceId);
      const kind = row ? connectorKind(row.kind) : undefined;
      // The same answer for a missing source and a wrong signature: ids cannot be probed.
      if (!row || kind?.mode !== "push" || !row.credentials) throw new ParleyError("signature_invalid");
      const secret = box.open(row.credentials).signingSecret;
      if (!secret) throw new ParleyError("signature_invalid");
      verifyPush(secret, headers, body, clock.now());
      if (!row.enabled) throw new ParleyError("source_disabled");
      const scope = `push:${sourceId}`;
      if (headers.idempotencyKey) {
        const earlier = await store.sources.answered(scope, headers.idempotencyKey);
        // A key whose first request died midway is run again: its posts are then duplicates.
        if (earlier && !earlier.pending) return { ...(earlier as unknown as PushResult), repeated: true };
      }
      const now = new Date(clock.now());
      const { posts, rejects } = parsePush(body, {
        now,
        defaultPlatform: (row.config as { defaultPlatform?: Platform }).defaultPlatform,
      });
      const rejected = rejects.map(({ index, code, reason }) => ({ index, code, reason }));
      let answer: PushResult = { stored: 0, duplicates: 0, rejected };
      const submitted = await deps.pipeline.submit(row.workspaceId, posts, {
        requireMatch: kind.requireMatch,
        sourceId,
        withLastBatch: async (tx) => {
          for (const r of rejects) {
            await tx.jobs.deadLetter({
              workspaceId: row.workspaceId,
              origin: "source",
              name: row.kind,
              sourceId,
              code: r.code,
              reason: `Post ${r.index}: ${r.reason}`,
              payload: r.payload,
            });
          }
          await tx.sources.counted(
            sourceId,
            { posts: posts.length, rejects: rejects.length, newestAt: newest(posts) },
            now,
          );
          if (headers.idempotencyKey) {
            // Written with the posts: a crash cannot keep the key without them.
            await tx.sources.remember(scope, headers.idempotencyKey, { pending: true });
          }
        },
      });
      answer = { stored: submitted.stored, duplicates: submitted.duplicates, rejected };
      if (headers.idempotencyKey)
        await store.sources.remember(scope, headers.idempotencyKey, { ...answer }, true);
      return { ...answer, repeated: false };
    },
  };
}

function newest(posts: { createdAt: Date }[]): Date | undefined {
  let best: Date | undefined;
  for (const p of posts) if (!best || p.createdAt > best) best = p.createdAt;
  return best;
}

function postsPerMinute(
  row: { minuteStart: Date | null; minuteCount: number; previousMinuteCount: number },
  now: number,
): number {
  if (!row.minuteStart) return 0;
  const minute = Math.floor(now / 60_000) * 60_000;
  const start = row.minuteStart.getTime();
  // The last full minute: the one before the current, whichever the row last counted.
  if (start === minute) return row.previousMinuteCount;
  if (start === minute - 60_000) return row.minuteCount;
  return 0;
}

export type SourceService = ReturnType<typeof sourceService>;

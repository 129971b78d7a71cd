/**
 * The contract suite every connector passes, run through the real runner and pipeline on each
 * store (SQLite always, PostgreSQL with DATABASE_URL): resume from the saved cursor after the
 * process stops (compared by ids), the same post twice, malformed and oversized payloads, and a
 * peer answering 429, 5xx or not at all. A harness puts posts at the connector's peer and names
 * the settings that make the peer misbehave; faults a kind's peer cannot have are left out.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createMemoryBus } from "../../src/bus/index.ts";
import type { ConnectorKind } from "../../src/connectors/contract.ts";
import { startSourceRunner } from "../../src/connectors/runner.ts";
import { secretBox } from "../../src/connectors/secretBox.ts";
import { ManualClock } from "../../src/domain/clock.ts";
import { workspaceContexts } from "../../src/pipeline/context.ts";
import { IngestPipeline } from "../../src/pipeline/pipeline.ts";
import { createStore, type Database, type Store } from "../../src/store/index.ts";
import { sql } from "../../src/store/orm.ts";
import { backends, openMigrated } from "./databases.ts";

export type Fault = "rate_limited" | "unavailable" | "hang" | "malformed" | "oversized";

export interface ContractHarness {
  // biome-ignore lint/suspicious/noExplicitAny: each kind has its own settings type.
  kind: ConnectorKind<any>;
  /** Settings of a source reading the peer's posts. */
  settings(): Record<string, unknown>;
  credentials?: Record<string, string>;
  /** Adds posts with these ids at the peer; an id given again is the same post delivered twice. */
  publish(ids: string[]): Promise<void>;
  /** The platform id a published id is stored under. */
  storedId(id: string): string;
  /** Settings of a source whose peer has the fault; absent for faults the peer cannot have. */
  faulty?: Partial<Record<Fault, () => Record<string, unknown>>>;
}

async function until(check: () => Promise<boolean>, what: string, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Registers the suite for one connector. `faults` lists what its peer can do wrong; the tests of
 * the others are not registered (a generator has no peer that answers 429).
 */
export function connectorContract(
  name: string,
  faults: readonly Fault[],
  /** Builds the harness; `clock` is the suite's, for peers that tell the time (a rate limit's reset). */
  makeHarness: (context: { clock: ManualClock }) => Promise<ContractHarness & { close(): Promise<void> }>,
): void {
  describe.each(backends())(`the connector contract: ${name} on $name`, (backend) => {
    let harness: ContractHarness & { close(): Promise<void> };
    let database: Database;
    let store: Store;
    let pipeline: IngestPipeline;
    let workspaceId: string;
    const clock = new ManualClock(Date.now());
    const box = secretBox("contract-suite-key-contract-suite-key");

    // What this test opened, closed in reverse order: a setup that failed half-way closes only what
    // it opened, so its own error is the one reported, not a closed database in every later test.
    let opened: (() => Promise<void>)[] = [];
    const opening = async <T>(open: () => Promise<T>, close: (value: T) => Promise<void>): Promise<T> => {
      const value = await open();
      opened.push(() => close(value));
      return value;
    };

    beforeEach(async () => {
      opened = [];
      harness = await opening(
        () => makeHarness({ clock }),
        (h) => h.close(),
      );
      database = await opening(
        () => openMigrated(backend),
        (d) => d.close(),
      );
      store = createStore(database);
      const contexts = workspaceContexts(store);
      pipeline = await opening(
        async () =>
          new IngestPipeline({
            store,
            bus: createMemoryBus(),
            contextFor: (id) => contexts.get(id),
            workers: false,
          }),
        (p) => p.close(),
      );
      workspaceId = (
        await store.workspaces.create({
          name: "Contract",
          brandHandles: ["lumenhelp"],
          brandNames: ["Lumen"],
        })
      ).id;
    });
    afterEach(async () => {
      const closing = opened.reverse();
      opened = [];
      const failures: unknown[] = [];
      // Each is closed even when one before it fails; the first failure is reported.
      for (const close of closing) await close().catch((err: unknown) => failures.push(err));
      if (failures.length > 0) throw failures[0];
    });

    const addSource = async (settings: Record<string, unknown>) =>
      (
        await store.sources.create(workspaceId, {
          kind: harness.kind.kind,
          name,
          config: settings,
          credentials: harness.credentials ? box.seal(harness.credentials) : null,
        })
      ).id;
    const runner = () =>
      startSourceRunner({
        store,
        pipeline,
        box,
        clock,
        scanMs: 0,
        kindOf: () => harness.kind,
        random: () => 1,
      });
    const source = async (id: string) => (await store.sources.get(id))!;
    const stored = async () =>
      (
        await database.rows<{ platform_id: string }>(
          sql`select platform_id from posts where workspace_id = ${workspaceId}`,
        )
      ).map((r) => r.platform_id);
    /** One process's life: take the source, read until `done`, stop. */
    const runUntil = async (done: () => Promise<boolean>, what: string) => {
      const r = runner();
      await r.scan();
      try {
        await until(done, what);
      } finally {
        await r.stop();
      }
    };

    it("reads every post once and, after a restart, goes on from the saved cursor", async () => {
      const id = await addSource(harness.settings());
      const first = ["c1", "c2", "c3", "c4", "c5"];
      await harness.publish(first);
      await runUntil(async () => (await source(id)).postsTotal >= first.length, "the first posts");
      expect((await source(id)).cursor).not.toBeNull();
      const later = ["c6", "c7"];
      await harness.publish(later);
      clock.advance(24 * 60 * 60_000);
      await runUntil(async () => (await stored()).length >= 7, "the later posts");
      const ids = await stored();
      expect(ids.sort()).toEqual([...first, ...later].map((i) => harness.storedId(i)).sort());
      expect((await source(id)).postsTotal).toBe(7);
    });

    it("stores a post delivered twice once", async () => {
      await addSource(harness.settings());
      await harness.publish(["d1", "d2"]);
      await runUntil(async () => (await stored()).length >= 2, "the posts");
      await harness.publish(["d2", "d3"]);
      clock.advance(24 * 60 * 60_000);
      await runUntil(async () => (await stored()).length >= 3, "the new post");
      expect((await stored()).sort()).toEqual(["d1", "d2", "d3"].map((i) => harness.storedId(i)).sort());
    });

    for (const fault of (["malformed", "oversized"] as const).filter((f) => faults.includes(f))) {
      it(`sends a ${fault} payload to the dead letters and keeps the source running`, async () => {
        const id = await addSource(harness.faulty![fault]!());
        await runUntil(async () => (await source(id)).rejectsTotal >= 1, "the reject");
        const [letter] = await store.jobs.deadLetters({ workspaceId, limit: 5 });
        expect(letter).toMatchObject({ origin: "source", sourceId: id, code: `${fault}_payload` });
        expect((await source(id)).enabled).toBe(true);
      });
    }

    if (faults.includes("rate_limited")) {
      it("pauses the source until the time a peer answering 429 gives", async () => {
        const id = await addSource(harness.faulty!.rate_limited!());
        await runUntil(async () => (await source(id)).pausedUntil !== null, "the pause");
        const row = await source(id);
        // The harness's peer asks for 120 s.
        expect(row.pausedUntil!.getTime()).toBeGreaterThanOrEqual(clock.now() + 119_000);
        expect(row.failures).toBe(0);
        expect(row.enabled).toBe(true);
      });
    }

    for (const fault of (["unavailable", "hang"] as const).filter((f) => faults.includes(f))) {
      it(`backs off from a peer that ${fault === "hang" ? "does not answer" : "answers 5xx"}`, async () => {
        const id = await addSource(harness.faulty![fault]!());
        await runUntil(async () => (await source(id)).failures >= 1, "the failure");
        const row = await source(id);
        expect(row.lastError).toMatch(fault === "hang" ? /in time|stopped sending/ : /HTTP 5\d\d/);
        // Backoff at the top of its jitter for a first failure: 2 s.
        expect(row.pausedUntil!.getTime() - clock.now()).toBe(2000);
        expect(row.enabled).toBe(true);
        expect(await stored()).toEqual([]);
      });
    }
  });
}

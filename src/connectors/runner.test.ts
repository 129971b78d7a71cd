/**
 * The source runner against a scripted peer, on the embedded store and on PostgreSQL: cursors
 * saved with their batch, leases shared between processes, and the peer's limits and failures.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { backends, openMigrated } from "../../test/support/databases.ts";
import { createMemoryBus } from "../bus/index.ts";
import { ManualClock } from "../domain/clock.ts";
import type { NormalizedPost } from "../domain/post.ts";
import { workspaceContexts } from "../pipeline/context.ts";
import { IngestPipeline } from "../pipeline/pipeline.ts";
import { createStore, type Database, type Store } from "../store/index.ts";
import { sql } from "../store/orm.ts";
import { type Batch, type ConnectorKind, PeerError } from "./contract.ts";
import { startSourceRunner } from "./runner.ts";
import { secretBox } from "./secretBox.ts";

/** A peer with 30 posts, served 10 per page after the cursor; scripted failures come first. */
class ScriptedPeer {
  failures: (PeerError | Error)[] = [];
  pulls: (string | null)[] = [];
  readonly posts = Array.from({ length: 30 }, (_, i) => i);
  page(cursor: string | null): Batch {
    this.pulls.push(cursor);
    const failure = this.failures.shift();
    if (failure) throw failure;
    const from = cursor === null ? 0 : Number(cursor);
    const slice = this.posts.slice(from, from + 10);
    const rejects =
      from === 10 ? [{ code: "malformed_payload", reason: "no text", payload: '{"id":"x"}' }] : [];
    return {
      posts: slice.map((n) => post(n)),
      rejects,
      cursor: String(from + slice.length),
      newestAt: new Date(Date.UTC(2026, 0, 5, 8, 0, n30(from + slice.length))),
      idleMs: slice.length < 10 ? 60_000 : 0,
    };
  }
}
const n30 = (n: number) => Math.min(n, 59);

function post(n: number): NormalizedPost {
  return {
    platform: "rss",
    platformId: `entry-${n}`,
    text: `Entry ${n}: the router keeps dropping @lumenhelp`,
    createdAt: new Date(Date.UTC(2026, 0, 5, 8, 0, 0)),
    author: { platform: "rss", platformId: `author-${n}`, handle: `author${n}` },
    channel: "public",
    mentions: ["lumenhelp"],
    hashtags: [],
    raw: { n },
  };
}

function scriptedKind(peer: ScriptedPeer): ConnectorKind<Record<string, unknown>> {
  return {
    kind: "scripted",
    label: "Scripted",
    platform: "rss",
    mode: "poll",
    requireMatch: false,
    settings: z.object({}),
    credentials: ["token"],
    create: (source) => {
      if (source.credentials.token !== "s3cret") throw new Error("the token did not reach the connector");
      return { pull: async (cursor) => peer.page(cursor) };
    },
  };
}

async function until(check: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe.each(backends())("the source runner on $name", (backend) => {
  let database: Database;
  let store: Store;
  let pipeline: IngestPipeline;
  let clock: ManualClock;
  let workspaceId: string;
  let sourceId: string;
  const box = secretBox("runner-test-key-runner-test-key-runner");

  beforeEach(async () => {
    database = await openMigrated(backend);
    store = createStore(database);
    const contexts = workspaceContexts(store);
    pipeline = new IngestPipeline({
      store,
      bus: createMemoryBus(),
      contextFor: (id) => contexts.get(id),
      workers: false,
    });
    clock = new ManualClock();
    workspaceId = (
      await store.workspaces.create({ name: "Runner", brandHandles: ["lumenhelp"], brandNames: [] })
    ).id;
    sourceId = (
      await store.sources.create(workspaceId, {
        kind: "scripted",
        name: "Feed",
        config: {},
        credentials: box.seal({ token: "s3cret" }),
      })
    ).id;
  });
  afterEach(async () => {
    await pipeline.close();
    await database.close();
  });

  const storedIds = async () =>
    (
      await database.rows<{ platform_id: string }>(sql`select platform_id from posts order by platform_id`)
    ).map((r) => r.platform_id);
  const source = async () => (await store.sources.get(sourceId))!;

  const runner = (peer: ScriptedPeer, extra: { leaseMs?: number } = {}) =>
    startSourceRunner({
      store,
      pipeline,
      box,
      clock,
      scanMs: 0,
      kindOf: () => scriptedKind(peer),
      random: () => 1,
      ...extra,
    });

  it("reads every page once, saves the cursor with each batch and resumes from it after a restart", async () => {
    const peer = new ScriptedPeer();
    const first = runner(peer);
    await first.scan();
    await until(async () => (await source()).cursor?.value === "30");
    await first.stop();
    expect((await storedIds()).length).toBe(30);
    const row = await source();
    expect(row.postsTotal).toBe(30);
    expect(row.rejectsTotal).toBe(1);
    expect(row.leaseHolder).toBeNull();
    const [letter] = await store.jobs.deadLetters({ workspaceId, limit: 5 });
    expect(letter).toMatchObject({ origin: "source", sourceId, code: "malformed_payload" });

    // A new process goes on from the saved cursor: nothing is read or stored again.
    peer.posts.push(30, 31);
    const second = runner(peer);
    await second.scan();
    await until(async () => (await source()).cursor?.value === "32");
    await second.stop();
    expect(peer.pulls.filter((c) => c === null)).toHaveLength(1);
    expect(await storedIds()).toHaveLength(32);
  });

  it("runs a source in one process at a time and hands it over when the holder's lease runs out", async () => {
    const peer = new ScriptedPeer();
    const a = runner(peer, { leaseMs: 30_000 });
    const b = runner(peer, { leaseMs: 30_000 });
    await a.scan();
    await b.scan();
    expect(a.running()).toEqual([sourceId]);
    expect(b.running()).toEqual([]);
    await until(async () => (await source()).cursor?.value === "30");
    // The holder dies without releasing: its lease is left to run out.
    await store.sources.lease(sourceId, a.holder, new Date(clock.now()), 30_000);
    const dead = a.holder;
    await a.stop().catch(() => undefined);
    await store.sources.lease(sourceId, dead, new Date(clock.now()), 30_000);
    await b.scan();
    expect(b.running()).toEqual([]);
    clock.advance(30_001);
    await b.scan();
    expect(b.running()).toEqual([sourceId]);
    await b.stop();
    expect(await storedIds()).toHaveLength(30);
  });

  it("pauses the source for every process when the peer says to wait, and backs off when it fails", async () => {
    const peer = new ScriptedPeer();
    const retryAt = clock.now() + 120_000;
    peer.failures.push(new PeerError("rate_limited", "example.org asks to slow down (HTTP 429)", retryAt));
    const r = runner(peer);
    await r.scan();
    await until(async () => (await source()).pausedUntil?.getTime() === retryAt);
    const other = runner(peer);
    await other.scan();
    expect(other.running()).toEqual([]);
    await r.stop();
    await other.stop();
    expect((await source()).lastError).toContain("slow down");

    peer.failures.push(new PeerError("unavailable", "example.org answered HTTP 503"));
    clock.advance(120_001);
    const again = runner(peer);
    await again.scan();
    await until(async () => (await source()).failures === 1);
    const failing = await source();
    expect(failing.lastError).toBe("example.org answered HTTP 503");
    // Backoff with jitter at its top: 2 s for the first failure.
    expect(failing.pausedUntil!.getTime() - clock.now()).toBe(2000);
    await again.stop();
    expect(await storedIds()).toEqual([]);
  });

  it("stops a source whose peer refuses its credentials, and says why", async () => {
    const peer = new ScriptedPeer();
    peer.failures.push(new PeerError("refused", "example.org refused the credentials (HTTP 401)"));
    const r = runner(peer);
    await r.scan();
    await until(async () => !(await source()).enabled);
    await r.stop();
    expect((await source()).lastError).toContain("refused");
    const [event] = (await store.events.after(0, { limit: 10, workspaceId })).filter(
      (e) => e.type === "source.failed",
    );
    expect(event?.data).toMatchObject({ sourceId });
  });
});

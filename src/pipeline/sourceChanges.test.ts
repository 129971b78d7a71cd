/**
 * Edits at the source through the runner, on both stores: an edit that newly needs the brand opens
 * (or reopens) its conversation's work item, one that no longer needs it leaves the open item
 * alone with the post's new labels, and the insight rollups move the post from what they counted
 * it under to its new labels, once however often the edit is told.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { backends, openMigrated } from "../../test/support/databases.ts";
import { createMemoryBus } from "../bus/index.ts";
import type { Batch, ConnectorKind } from "../connectors/contract.ts";
import { startSourceRunner } from "../connectors/runner.ts";
import { secretBox } from "../connectors/secretBox.ts";
import { ManualClock } from "../domain/clock.ts";
import { extractMentions, type NormalizedPost } from "../domain/post.ts";
import { rollUpBatch } from "../jobs/insights.ts";
import { createStore, type Database, type Store } from "../store/index.ts";
import { sql } from "../store/orm.ts";
import { workspaceContexts } from "./context.ts";
import { IngestPipeline } from "./pipeline.ts";

const QUIET = "Lovely sunny afternoon walking the dog along the river with friends";
const ASKING = "@lumenhelp my card was charged twice for the same order and nobody answers, please help";
const SETTLED = "Lovely sunny afternoon, and the double charge was refunded already, all good";

/** A peer that hands over the batches it is given, one per pull, each after the one before. */
class QueuePeer {
  readonly batches: Omit<Batch, "cursor" | "rejects">[] = [];
  served = 0;
  pull(): Batch {
    const next = this.batches.shift();
    if (!next) return { posts: [], rejects: [], cursor: null, idleMs: 60_000 };
    this.served += 1;
    return { rejects: [], ...next, cursor: String(this.served) };
  }
}

function queueKind(peer: QueuePeer): ConnectorKind<Record<string, unknown>> {
  return {
    kind: "queue",
    label: "Queue",
    platform: "mastodon",
    mode: "stream",
    requireMatch: false,
    settings: z.object({}),
    credentials: [],
    create: () => ({ pull: async () => peer.pull() }),
  };
}

function status(id: string, text: string, author = "alice", createdAt = new Date()): NormalizedPost {
  return {
    platform: "mastodon",
    platformId: id,
    text,
    createdAt,
    author: { platform: "mastodon", platformId: `acct-${author}`, handle: author },
    channel: "public",
    mentions: extractMentions(text),
    hashtags: [],
    raw: { id, text },
  };
}

async function until(check: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe.each(backends())("edits at the source on $name", (backend) => {
  let database: Database | undefined;
  let store: Store;
  let pipeline: IngestPipeline | undefined;
  let bus: ReturnType<typeof createMemoryBus>;
  let workspaceId: string;
  let sourceId: string;
  const clock = new ManualClock(Date.now());
  const box = secretBox("edits-test-key-edits-test-key-edits-test");

  beforeEach(async () => {
    database = await openMigrated(backend);
    store = createStore(database);
    const contexts = workspaceContexts(store);
    bus = createMemoryBus();
    pipeline = new IngestPipeline({
      store,
      bus,
      contextFor: (id) => contexts.get(id),
      workers: false,
    });
    workspaceId = (
      await store.workspaces.create({ name: "Edits", brandHandles: ["lumenhelp"], brandNames: ["Lumen"] })
    ).id;
    sourceId = (
      await store.sources.create(workspaceId, { kind: "queue", name: "Queue", config: {}, credentials: null })
    ).id;
  });
  afterEach(async () => {
    await pipeline?.close();
    await database?.close();
  });

  /** Hands the batches to the source and runs it until they are stored. */
  async function deliver(peer: QueuePeer, ...batches: Omit<Batch, "cursor" | "rejects">[]) {
    peer.batches.push(...batches);
    const expected = String(peer.served + batches.length);
    const runner = startSourceRunner({
      store,
      pipeline: pipeline!,
      box,
      clock,
      scanMs: 0,
      kindOf: () => queueKind(peer),
      random: () => 1,
    });
    await runner.scan();
    try {
      await until(async () => (await store.sources.get(sourceId))?.cursor?.value === expected);
    } finally {
      await runner.stop();
    }
  }

  const postRow = async (platformId: string) =>
    (
      await database!.rows<{ id: string; needs_brand: boolean | number; intent: string; text: string }>(
        sql`select id, needs_brand, intent, text from posts where platform_id = ${platformId}`,
      )
    )[0]!;
  const items = () =>
    database!.rows<{ id: string; state: string; post_id: string; latest_post_id: string; priority: number }>(
      sql`select id, state, post_id, latest_post_id, priority from work_items where workspace_id = ${workspaceId}`,
    );
  const events = async (type: string) =>
    (await store.events.after(0, { limit: 1000, workspaceId }))
      .filter((e) => e.type === type)
      .map((e) => (e.data as { workItemId: string }).workItemId);

  it("opens a work item when an edit makes a post need the brand, once however often it is told", async () => {
    const peer = new QueuePeer();
    await deliver(peer, { posts: [status("1", QUIET)] });
    expect(Boolean((await postRow("1")).needs_brand)).toBe(false);
    expect(await items()).toEqual([]);

    const live: { type: string; id: string }[] = [];
    bus.subscribe(workspaceId, (event) => {
      if (event.type !== "agent.presence") live.push({ type: event.type, id: event.workItem.id });
    });
    await deliver(peer, { posts: [], edited: [status("1", ASKING)] });
    const post = await postRow("1");
    expect(post.text).toBe(ASKING);
    expect(Boolean(post.needs_brand)).toBe(true);
    const [item, ...others] = await items();
    expect(others).toEqual([]);
    expect(item).toMatchObject({ state: "new", post_id: post.id, latest_post_id: post.id });
    expect(await events("work_item.opened")).toEqual([item!.id]);
    // Agents' screens hear of it after the commit.
    expect(live).toEqual([{ type: "work_item.created", id: item!.id }]);
    const notes = await store.audit.list(workspaceId, { action: "post.edited", limit: 10 });
    expect(notes.map((n) => [n.subjectType, n.subjectId])).toEqual([["work_item", item!.id]]);

    // The same edit again (a replayed frame): nothing more opens, nothing is noted again.
    await deliver(peer, { posts: [], edited: [status("1", ASKING)] });
    expect(await items()).toHaveLength(1);
    expect(await events("work_item.opened")).toEqual([item!.id]);
    expect(await store.audit.list(workspaceId, { action: "post.edited", limit: 10 })).toHaveLength(1);
  });

  it("leaves an open item alone when an edit no longer needs the brand, with the post's new labels", async () => {
    const peer = new QueuePeer();
    await deliver(peer, { posts: [status("2", ASKING)] });
    const [item] = await items();
    expect(item?.state).toBe("new");
    const before = await postRow("2");

    await deliver(peer, { posts: [], edited: [status("2", SETTLED)] });
    const after = await postRow("2");
    expect(Boolean(after.needs_brand)).toBe(false);
    const [still, ...others] = await items();
    expect(others).toEqual([]);
    expect(still).toMatchObject({ id: item!.id, state: "new", latest_post_id: before.id });
    // Its only post's triage sets its priority; the item's view shows the new text and labels.
    const view = await store.views.workItem(workspaceId, item!.id);
    expect(view?.post.text).toBe(SETTLED);
    expect(view?.post.analysis?.needsBrand).toBe(false);
    expect(view?.priority).toBe(view?.post.analysis?.priority);
    expect(await events("work_item.updated")).toContain(item!.id);
  });

  it("reopens the conversation's resolved item when an edit makes a later post of the thread need the brand", async () => {
    const peer = new QueuePeer();
    const asked = status("3", ASKING, "alice", new Date(clock.now() - 60_000));
    const thanks = { ...status("4", QUIET, "alice"), replyToPlatformId: "3" };
    await deliver(peer, { posts: [asked, thanks] });
    const [item] = await items();
    expect(item?.latest_post_id).toBe((await postRow("3")).id);
    await store.workItems.move(workspaceId, item!.id, { state: "handled", assigneeId: null });

    await deliver(peer, { posts: [], edited: [{ ...thanks, text: ASKING.replace("twice", "three times") }] });
    const [reopened, ...others] = await items();
    expect(others).toEqual([]);
    expect(reopened).toMatchObject({ id: item!.id, state: "new", latest_post_id: (await postRow("4")).id });
    expect(await events("work_item.moved")).toEqual([item!.id]);
    const history = await store.audit.list(workspaceId, { action: "work_item.reopened", limit: 10 });
    expect(history.map((h) => h.subjectId)).toEqual([item!.id]);
  });

  it("moves a counted post in the rollups from its old labels to its new ones, once", async () => {
    const peer = new QueuePeer();
    await deliver(peer, {
      posts: [status("5", ASKING, "alice"), status("6", ASKING.replace("card", "bank card"), "bob")],
    });
    const asked = await postRow("5");
    const other = await postRow("6");
    expect(await rollUpBatch(store, workspaceId, "e-edit", [asked.id, other.id], new Date(clock.now()))).toBe(
      true,
    );
    const day = async () =>
      Object.fromEntries(
        (
          await database!.rows<{ key: string; posts: number; authors: number }>(
            sql`select key, posts, authors from insight_rollups
                where workspace_id = ${workspaceId} and scope = 'all' and dimension = 'intent' and grain = 'day'`,
          )
        ).map((r) => [r.key, [Number(r.posts), Number(r.authors)]]),
      );
    expect(await day()).toEqual({ [asked.intent]: [2, 2] });

    await deliver(peer, { posts: [], edited: [status("5", SETTLED, "alice")] });
    const edited = await postRow("5");
    // The new text reads otherwise: the post leaves its old intent's bucket, with its author.
    expect(edited.intent).not.toBe(asked.intent);
    const moved = { [asked.intent]: [1, 1], [edited.intent]: [1, 1] };
    expect(await day()).toEqual(moved);
    const total = async () =>
      (
        await database!.rows<{ posts: number; authors: number }>(
          sql`select posts, authors from insight_rollups
              where workspace_id = ${workspaceId} and scope = 'all' and dimension = 'total' and grain = 'day'`,
        )
      ).map((r) => [Number(r.posts), Number(r.authors)]);
    expect(await total()).toEqual([[2, 2]]);

    // Told again, the edit changes nothing; a rollup run repeated for the batch adds nothing either.
    await deliver(peer, { posts: [], edited: [status("5", SETTLED, "alice")] });
    expect(await rollUpBatch(store, workspaceId, "e-edit", [asked.id], new Date(clock.now()))).toBe(false);
    expect(await day()).toEqual(moved);
    expect(await total()).toEqual([[2, 2]]);
  });

  it("counts a post edited before the rollups reached it under its new labels only", async () => {
    const peer = new QueuePeer();
    await deliver(peer, { posts: [status("7", ASKING)] });
    await deliver(peer, { posts: [], edited: [status("7", SETTLED)] });
    const post = await postRow("7");
    await rollUpBatch(store, workspaceId, "e-late", [post.id], new Date(clock.now()));
    const rows = await database!.rows<{ key: string; posts: number }>(
      sql`select key, posts from insight_rollups
          where workspace_id = ${workspaceId} and scope = 'all' and dimension = 'intent' and grain = 'day'`,
    );
    expect(rows.map((r) => [r.key, Number(r.posts)])).toEqual([[post.intent, 1]]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makePost } from "../../test/support/factories.ts";
import { RelevanceFilter } from "../analysis/index.ts";
import { createMemoryBus } from "../bus/index.ts";
import type { WorkItemLiveEvent } from "../domain/views.ts";
import { createStore, type Database, openDatabase, type Store } from "../store/index.ts";
import { DEFAULT_PROFILE } from "./analysisProfile.ts";
import { CampaignMatcher } from "./match.ts";
import { IngestPipeline, type WorkspaceContext } from "./pipeline.ts";

let database: Database;
let store: Store;
let workspaceId: string;

beforeAll(async () => {
  database = await openDatabase({ dataDir: ":memory:" });
  await database.migrate();
  store = createStore(database);
  workspaceId = (await store.workspaces.create({ name: "Lumen", brandHandles: ["lumenhelp"] })).id;
});
afterAll(async () => {
  await database.close();
});

function context(overrides: Partial<WorkspaceContext> = {}): WorkspaceContext {
  return {
    brandHandles: ["lumenhelp"],
    brandNames: ["Lumen Mobile"],
    matcher: new CampaignMatcher([{ id: "c1", query: "lumenhelp OR lumen" }]),
    profile: DEFAULT_PROFILE,
    relevance: new Map(),
    ...overrides,
  };
}

function pipeline(ctx: WorkspaceContext, options: { capacity?: number; batchSize?: number } = {}) {
  const bus = createMemoryBus();
  const events: WorkItemLiveEvent[] = [];
  bus.subscribe(workspaceId, (e) => e.type !== "agent.presence" && events.push(e));
  const p = new IngestPipeline({ store, bus, contextFor: async () => ctx, workers: false, ...options });
  return { p, events };
}

describe("the ingest pipeline", () => {
  it("drops posts that match no campaign from listening sources, but keeps the brand's own", async () => {
    const { p } = pipeline(context());
    const result = await p.submit(
      workspaceId,
      [
        makePost({ text: "@lumenhelp my bill doubled" }),
        makePost({ text: "nice weather in Porto today" }),
        makePost({
          text: "We are on it, sorry!",
          author: { platform: "x", platformId: "brand", handle: "lumenhelp", isBrand: true },
        }),
      ],
      { requireMatch: true },
    );
    expect(result).toEqual({ stored: 2, duplicates: 0, unmatched: 1 });
    await p.close();
  });

  it("counts a re-delivered post once and announces each new work item after it is stored", async () => {
    const { p, events } = pipeline(context());
    const post = makePost({ text: "@lumenhelp refund please, charged twice" });
    const first = await p.submit(workspaceId, [post, post]);
    const again = await p.submit(workspaceId, [post]);
    expect(first).toMatchObject({ stored: 1, duplicates: 1 });
    expect(again).toMatchObject({ stored: 0, duplicates: 1 });
    const created = events.filter((e) => e.type === "work_item.created");
    expect(created).toHaveLength(1);
    expect(await store.views.workItem(workspaceId, created[0]!.workItem.id)).not.toBeNull();
    await p.close();
  });

  it("makes a submission wait while the queue is full instead of growing it", async () => {
    const { p } = pipeline(context(), { capacity: 10, batchSize: 5 });
    const order: string[] = [];
    const first = p
      .submit(
        workspaceId,
        Array.from({ length: 10 }, () => makePost()),
      )
      .then(() => order.push("first"));
    const second = p.submit(workspaceId, [makePost()]).then(() => order.push("second"));
    await Promise.all([first, second]);
    expect(order).toEqual(["first", "second"]);
    await p.close();
  });

  it("opens no work item for a post every campaign's trained relevance filter rejects", async () => {
    const filter = new RelevanceFilter();
    for (let i = 0; i < 40; i++) {
      filter.learn(`@lumenhelp these bulbs give ${i} lumen less than the box says, terrible`, false);
      filter.learn(`@lumenhelp my phone bill is wrong again, order ${i}`, true);
    }
    const noiseText = "@lumenhelp these bulbs give 7 lumen less than the box says, terrible";
    // Without the filter the analyzer takes it for a complaint that needs the brand.
    const plain = pipeline(context());
    const unfiltered = makePost({ text: noiseText });
    await plain.p.submit(workspaceId, [unfiltered]);
    await plain.p.close();
    const { p } = pipeline(context({ relevance: new Map([["c1", filter]]) }));
    const noise = makePost({ text: noiseText });
    const real = makePost({ text: "@lumenhelp my phone bill is wrong again, order 77" });
    const result = await p.submit(workspaceId, [noise, real]);
    expect(result.stored).toBe(2);
    const posts = await store.views.posts(workspaceId, { limit: 500 });
    const stored = (id: string) => posts.find((x) => x.platformId === id)!.analysis!;
    expect(stored(unfiltered.platformId).needsBrand).toBe(true);
    expect(stored(noise.platformId).needsBrand).toBe(false);
    expect(stored(noise.platformId).explanation).toContain("relevance filters");
    expect(stored(real.platformId).needsBrand).toBe(true);
    await p.close();
  });
});

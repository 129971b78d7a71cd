/**
 * The rollup job on both stores: stored batches feed the hourly buckets, a run repeated for the
 * same event adds nothing, one loud author is one voice, and the trend service reads it back.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { backends, openMigrated } from "../../test/support/databases.ts";
import { makeAnalysis, makePost } from "../../test/support/factories.ts";
import { ManualClock } from "../domain/clock.ts";
import type { Principal } from "../services/auth.ts";
import { insightService } from "../services/insights.ts";
import { createStore, type Database, type Store } from "../store/index.ts";
import { rollUpBatch } from "./insights.ts";

const HOUR = 60 * 60_000;
const T0 = Date.UTC(2026, 10, 2, 0, 0, 0);

describe.each(backends())("insight rollups on $name", (backend) => {
  let database: Database;
  let store: Store;
  let workspaceId: string;
  let principal: Principal;
  const clock = new ManualClock(T0 + 48 * HOUR);

  beforeEach(async () => {
    database = await openMigrated(backend);
    store = createStore(database);
    const workspace = await store.workspaces.create({
      name: "Lumen",
      brandHandles: ["lumenhelp"],
      brandNames: [],
    });
    workspaceId = workspace.id;
    principal = { workspace } as unknown as Principal;
  });
  afterEach(async () => {
    await database.close();
  });

  async function store_(
    posts: { author: string; hour: number; topic?: string; intent?: "complaint" | "question" }[],
  ) {
    const result = await store.ingest(
      workspaceId,
      posts.map((p, i) => ({
        post: makePost({
          createdAt: new Date(T0 + p.hour * HOUR + i * 1000),
          author: { platform: "x" as const, platformId: p.author, handle: p.author, followers: 10 },
        }),
        analysis: makeAnalysis({
          intent: { label: p.intent ?? "complaint", confidence: 0.8, scores: {} as never, explanation: "" },
          topic: { label: p.topic ?? "network", confidence: 0.6, explanation: "" },
        }),
        campaignIds: [],
      })),
    );
    return result.stored.map((s) => s.id);
  }

  const trends = (dimension: "total" | "intent" | "topic", interval: "hour" | "day", filter = null) =>
    insightService(store, clock).trends(principal, {
      dimension,
      interval,
      from: new Date(T0),
      to: new Date(T0 + 48 * HOUR),
      filter,
      limit: 10,
    });

  it("counts posts and distinct authors per hour and per day, and one author once a day", async () => {
    const ids = await store_([
      { author: "loud", hour: 1 },
      { author: "loud", hour: 1 },
      { author: "loud", hour: 2 },
      { author: "ann", hour: 2, intent: "question", topic: "billing" },
      { author: "bo", hour: 25 },
    ]);
    expect(await rollUpBatch(store, workspaceId, "e1", ids, new Date(clock.now()))).toBe(true);

    const hourly = await trends("total", "hour");
    const total = hourly.series[0];
    expect(total?.key).toBe("");
    expect(total?.points).toHaveLength(48);
    expect(total?.points[1]).toEqual({ at: new Date(T0 + HOUR).toISOString(), posts: 2, authors: 1 });
    expect(total?.points[2]).toMatchObject({ posts: 2, authors: 2 });
    expect(total?.points[0]).toMatchObject({ posts: 0, authors: 0 });

    const daily = await trends("total", "day");
    expect(daily.series[0]?.points.map((p) => [p.posts, p.authors])).toEqual([
      [4, 2],
      [1, 1],
    ]);
    expect(daily.series[0]).toMatchObject({ posts: 5, authors: 3 });

    const byIntent = await trends("intent", "day");
    expect(byIntent.series.map((s) => [s.key, s.posts, s.authors])).toEqual([
      ["complaint", 4, 2],
      ["question", 1, 1],
    ]);
  });

  it("adds a batch once however often its job runs", async () => {
    const ids = await store_([
      { author: "a", hour: 3 },
      { author: "b", hour: 3 },
    ]);
    const at = new Date(clock.now());
    expect(await rollUpBatch(store, workspaceId, "e2", ids, at)).toBe(true);
    expect(await rollUpBatch(store, workspaceId, "e2", ids, at)).toBe(false);
    const later = await store_([{ author: "a", hour: 3 }]);
    expect(await rollUpBatch(store, workspaceId, "e3", later, at)).toBe(true);
    const hourly = await trends("total", "hour");
    expect(hourly.series[0]?.points[3]).toMatchObject({ posts: 3, authors: 2 });
  });

  const correct = (postId: string, input: { intent?: string; sentiment?: string }) =>
    store.transaction(async (tx) => {
      const post = await tx.posts.forLearning(workspaceId, postId);
      await tx.posts.setCorrection(workspaceId, postId, {
        ...post?.correction,
        ...input,
        by: { id: "00000000-0000-7000-8000-000000000001", name: "Agent" },
        at: new Date().toISOString(),
      });
      await tx.rollups.recount(workspaceId, postId);
    });
  const byIntent = async (interval: "hour" | "day") =>
    (await trends("intent", interval)).series.map((s) => [s.key, s.posts, s.authors]);

  it("moves a corrected post to its new label, and its author only where no other post keeps them", async () => {
    const ids = await store_([
      { author: "loud", hour: 1 },
      { author: "loud", hour: 2 },
      { author: "ann", hour: 2 },
    ]);
    await rollUpBatch(store, workspaceId, "e-c1", ids, new Date(clock.now()));
    expect(await byIntent("day")).toEqual([["complaint", 3, 2]]);

    // ann's only post leaves "complaint" with her; one of loud's two leaves, loud stays a voice there.
    await correct(ids[2] as string, { intent: "question" });
    await correct(ids[1] as string, { intent: "question" });
    expect(await byIntent("day")).toEqual([
      ["question", 2, 2],
      ["complaint", 1, 1],
    ]);
    const hour2 = (await trends("intent", "hour")).series.map((s) => [s.key, s.points[2]?.authors]);
    expect(hour2).toEqual(
      expect.arrayContaining([
        ["question", 2],
        ["complaint", 0],
      ]),
    );
    // The total neither gains nor loses: the same posts and voices, under other labels.
    expect((await trends("total", "day")).series[0]).toMatchObject({ posts: 3, authors: 2 });

    // A second correction of the same label to the same value changes nothing; back again restores.
    await correct(ids[2] as string, { intent: "question" });
    await correct(ids[1] as string, { intent: "complaint" });
    expect(await byIntent("day")).toEqual([
      ["complaint", 2, 1],
      ["question", 1, 1],
    ]);
  });

  it("counts a post corrected before its batch was rolled up under the corrected label only", async () => {
    const ids = await store_([{ author: "a", hour: 4 }]);
    await correct(ids[0] as string, { intent: "praise" });
    await rollUpBatch(store, workspaceId, "e-c2", ids, new Date(clock.now()));
    expect(await byIntent("day")).toEqual([["praise", 1, 1]]);
  });

  it("takes an erased person's posts and voice out of the trends, and keeps everyone else's", async () => {
    const ids = await store_([
      { author: "gone", hour: 7 },
      { author: "gone", hour: 8, intent: "question" },
      { author: "stays", hour: 8 },
    ]);
    await rollUpBatch(store, workspaceId, "e-c3", ids, new Date(clock.now()));
    await store.transaction((tx) => tx.privacy.erase(workspaceId, { platform: "x", handle: "gone" }));
    expect(await byIntent("day")).toEqual([
      ["complaint", 1, 1],
      ["question", 0, 0],
    ]);
    expect((await trends("total", "day")).series[0]).toMatchObject({ posts: 1, authors: 1 });
  });

  it("answers one filter from its own buckets", async () => {
    const ids = await store_([
      { author: "a", hour: 5, topic: "billing", intent: "question" },
      { author: "b", hour: 5, topic: "network" },
      { author: "c", hour: 6, topic: "billing" },
    ]);
    await rollUpBatch(store, workspaceId, "e4", ids, new Date(clock.now()));
    const billing = await insightService(store, clock).trends(principal, {
      dimension: "intent",
      interval: "day",
      from: new Date(T0),
      to: new Date(T0 + 48 * HOUR),
      filter: { kind: "topic", value: "billing" },
      limit: 10,
    });
    expect(billing.series.map((s) => [s.key, s.posts])).toEqual([
      ["complaint", 1],
      ["question", 1],
    ]);
  });

  it("raises a spike of many authors on a topic and none for one loud author, with why", async () => {
    const week = 7 * 24;
    const spikeHour = 4 * week + 10;
    const history = [0, 1, 2, 3].map((w) => ({
      author: `regular${w}`,
      hour: w * week + 10,
      topic: "billing",
    }));
    const many = Array.from({ length: 12 }, (_, i) => ({
      author: `voice${i}`,
      hour: spikeHour,
      topic: "billing",
    }));
    const loud = Array.from({ length: 30 }, () => ({ author: "loud", hour: spikeHour, topic: "network" }));
    const texts = new Map([
      ["billing", "charged twice for my plan"],
      ["network", "signal gone"],
    ]);
    const ids: string[] = [];
    for (const [n, group] of [history, many, loud].entries()) {
      const result = await store.ingest(
        workspaceId,
        group.map((p, i) => ({
          post: makePost({
            text: `@lumenhelp ${texts.get(p.topic)} (${n}-${i})`,
            createdAt: new Date(T0 + p.hour * HOUR + i * 1000),
            author: { platform: "x" as const, platformId: p.author, handle: p.author, followers: 10 },
          }),
          analysis: makeAnalysis({ topic: { label: p.topic, confidence: 0.6, explanation: "" } }),
          campaignIds: [],
        })),
      );
      ids.push(...result.stored.map((s) => s.id));
    }
    await rollUpBatch(store, workspaceId, "e-spike", ids, new Date(clock.now()));
    const report = await insightService(store, clock).spikes(
      principal,
      "topic",
      new Date(T0 + spikeHour * HOUR + 30 * 60_000),
    );
    expect(report.spikes.map((s) => [s.key, s.authors, s.usual])).toEqual([["billing", 12, 1]]);
    const [spike] = report.spikes;
    expect(spike?.topTerms.map((t) => t.term)).toEqual(expect.arrayContaining(["charged", "twice", "plan"]));
    expect(spike?.topPosts).toHaveLength(5);
    expect(spike?.topAuthors.map((a) => a.handle)).not.toContain("loud");
  });
});

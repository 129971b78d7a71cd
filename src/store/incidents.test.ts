/**
 * The incident repository on both stores: which open items a spike's hour holds by topic, intent
 * or sentiment (not closed ones, not other values or hours, not those already in an open or
 * answering incident; a correction's label wins), items added once, a reply recorded once per
 * item, and the counts.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { backends, openMigrated } from "../../test/support/databases.ts";
import { makeAnalysis, makePost } from "../../test/support/factories.ts";
import type { Intent } from "../domain/analysis.ts";
import { createStore, type Database, type Store } from "./index.ts";

const HOUR = 60 * 60_000;
const AT = Date.UTC(2026, 10, 2, 14, 0, 0);

describe.each(backends())("incidents in the $name store", (backend) => {
  let database: Database;
  let store: Store;
  let workspaceId: string;

  beforeEach(async () => {
    database = await openMigrated(backend);
    store = createStore(database);
    workspaceId = (
      await store.workspaces.create({ name: "Lumen", brandHandles: ["lumenhelp"], brandNames: [] })
    ).id;
  });
  afterEach(async () => {
    await database.close();
  });

  async function items(
    specs: { author: string; topic: string | null; at: number; intent?: Intent }[],
  ): Promise<string[]> {
    const result = await store.ingest(
      workspaceId,
      specs.map((s) => ({
        post: makePost({
          text: `@lumenhelp help (${s.author})`,
          createdAt: new Date(s.at),
          author: { platform: "x" as const, platformId: s.author, handle: s.author, followers: 1 },
        }),
        analysis: makeAnalysis({
          topic: { label: s.topic, confidence: 0.7, explanation: "" },
          ...(s.intent ? { intent: { ...makeAnalysis().intent, label: s.intent } } : {}),
        }),
        campaignIds: [],
      })),
    );
    return result.workItems.map((w) => w.id);
  }

  const incident = (key: string) =>
    store.incidents.create(
      {
        workspaceId,
        ruleId: null,
        alertId: null,
        dimension: "topic",
        key,
        title: `Spike in ${key}`,
        summary: "",
      },
      new Date(AT),
    );

  it("finds the open items of a topic's hour, leaving out closed ones, other topics and hours, and those in an open incident", async () => {
    const [a, b, closed, taken] = await items([
      { author: "a", topic: "network", at: AT + 60_000 },
      { author: "b", topic: "network", at: AT + 120_000 },
      { author: "c", topic: "network", at: AT + 180_000 },
      { author: "d", topic: "network", at: AT + 240_000 },
    ]);
    await items([
      { author: "e", topic: "billing", at: AT + 60_000 },
      { author: "f", topic: "network", at: AT - HOUR },
      { author: "g", topic: null, at: AT + 60_000 },
    ]);
    await store.workItems.move(workspaceId, closed!, {
      state: "handled",
      assigneeId: null,
      discardReason: null,
    });
    const other = await incident("network");
    expect(await store.incidents.addItems(other.id, [taken!], new Date(AT))).toBe(1);

    const found = await store.incidents.openItemsWith(
      workspaceId,
      "topic",
      "network",
      new Date(AT),
      new Date(AT + HOUR),
      10,
    );
    expect(found.sort()).toEqual([a!, b!].sort());
    expect(
      await store.incidents.openItemsWith(workspaceId, "topic", null, new Date(AT), new Date(AT + HOUR), 10),
    ).toHaveLength(1);
    // Once the other incident is answered, its items may join a new one.
    await store.incidents.update(other.id, { state: "answered" }, new Date(AT));
    expect(
      await store.incidents.openItemsWith(
        workspaceId,
        "topic",
        "network",
        new Date(AT),
        new Date(AT + HOUR),
        10,
      ),
    ).toHaveLength(3);
    expect(
      await store.incidents.openItemsWith(
        workspaceId,
        "topic",
        "network",
        new Date(AT),
        new Date(AT + HOUR),
        1,
      ),
    ).toHaveLength(1);
  });

  it("finds items by their shown intent, a correction winning, and leaves those of an answering incident", async () => {
    const [a, b, corrected, taken] = await items([
      { author: "a", topic: "network", intent: "question", at: AT + 60_000 },
      { author: "b", topic: "billing", intent: "question", at: AT + 120_000 },
      { author: "c", topic: "network", intent: "question", at: AT + 180_000 },
      { author: "d", topic: "network", intent: "question", at: AT + 240_000 },
    ]);
    await items([{ author: "e", topic: "network", intent: "complaint", at: AT + 60_000 }]);
    const view = await store.views.workItem(workspaceId, corrected!);
    await store.posts.setCorrection(workspaceId, view!.post.id, {
      intent: "complaint",
      by: { id: "00000000-0000-7000-8000-000000000001", name: "Ann" },
      at: new Date(AT).toISOString(),
    });
    const answering = await incident("question");
    await store.incidents.addItems(answering.id, [taken!], new Date(AT));
    await store.incidents.update(answering.id, { state: "answering" }, new Date(AT));
    const within = (dimension: "intent" | "sentiment", value: string) =>
      store.incidents.openItemsWith(workspaceId, dimension, value, new Date(AT), new Date(AT + HOUR), 10);
    expect((await within("intent", "question")).sort()).toEqual([a!, b!].sort());
    expect(await within("intent", "complaint")).toHaveLength(2);
    expect(await within("sentiment", "negative")).toHaveLength(4);
    expect(await within("sentiment", "positive")).toEqual([]);
  });

  it("adds an item once, records one reply per item, and counts what happened", async () => {
    const [a, b, c] = await items([
      { author: "a", topic: "network", at: AT },
      { author: "b", topic: "network", at: AT },
      { author: "c", topic: "network", at: AT },
    ]);
    const inc = await incident("network");
    expect(await store.incidents.addItems(inc.id, [a!, b!, c!], new Date(AT))).toBe(3);
    expect(await store.incidents.addItems(inc.id, [a!, b!], new Date(AT))).toBe(0);
    expect(
      await store.incidents.openFor(workspaceId, "00000000-0000-7000-8000-000000000001", "network"),
    ).toBeNull();

    const replyId = "00000000-0000-7000-8000-0000000000aa";
    expect(await store.incidents.claimReply(inc.id, a!, replyId)).toBe(true);
    expect(await store.incidents.claimReply(inc.id, a!, "00000000-0000-7000-8000-0000000000bb")).toBe(false);
    await store.incidents.setOutcome(inc.id, b!, "failed", "reply_unsupported: no source");
    // An item with its reply keeps it: a later failure does not overwrite it.
    await store.incidents.setOutcome(inc.id, a!, "failed", "late");
    await store.workItems.move(workspaceId, c!, {
      state: "discarded",
      assigneeId: null,
      discardReason: "duplicate",
    });
    await store.incidents.setOutcome(inc.id, c!, "skipped", "Closed before the answer");

    const list = await store.incidents.items(inc.id);
    expect(list.map((i) => [i.workItemId, i.replyId, i.outcome, i.error])).toEqual([
      [a, replyId, "replied", null],
      [b, null, "failed", "reply_unsupported: no source"],
      [c, null, "skipped", "Closed before the answer"],
    ]);
    expect(list[0]).toMatchObject({ state: "new", authorHandle: "a", postChannel: "public" });
    expect((await store.incidents.counts([inc.id])).get(inc.id)).toEqual({
      items: 3,
      replied: 1,
      failed: 1,
      skipped: 1,
      closed: 1,
      sent: 0,
      queued: 0,
      replyFailed: 0,
      awaitingApproval: 0,
    });
  });
});

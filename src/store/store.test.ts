/** The store's contract, run against every backend (SQLite always; PostgreSQL with DATABASE_URL). */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { backends, openMigrated } from "../../test/support/databases.ts";
import { makeAnalysis, makePost } from "../../test/support/factories.ts";
import { createStore, type Database, type Store } from "./index.ts";

describe.each(backends())("store on $name", (backend) => {
  let database: Database;
  let store: Store;
  let workspaceId: string;

  beforeAll(async () => {
    database = await openMigrated(backend);
    store = createStore(database);
    workspaceId = (await store.workspaces.create({ name: "Lumen", brandHandles: ["@LumenHelp"] })).id;
  });
  afterAll(async () => {
    await database.close();
  });

  it("keeps brand handles lower-case without @", async () => {
    expect((await store.workspaces.get(workspaceId))?.brandHandles).toEqual(["lumenhelp"]);
  });

  it("stores a post once however often it is delivered", async () => {
    const post = makePost();
    const first = await store.ingest(workspaceId, [{ post, analysis: makeAnalysis(), campaignIds: [] }]);
    const again = await store.ingest(workspaceId, [
      { post, analysis: makeAnalysis(), campaignIds: [] },
      { post, analysis: makeAnalysis(), campaignIds: [] },
    ]);
    expect(first.stored).toHaveLength(1);
    expect(first.workItems).toEqual([{ id: expect.any(String), created: true }]);
    expect(again.stored).toHaveLength(0);
    expect(again.duplicates).toBe(2);
    expect(again.workItems).toHaveLength(0);
  });

  it("treats the same URL under another id as a duplicate", async () => {
    const url = "https://example.social/p/shared-1";
    await store.ingest(workspaceId, [{ post: makePost({ url }), analysis: makeAnalysis(), campaignIds: [] }]);
    const copy = await store.ingest(workspaceId, [
      { post: makePost({ url }), analysis: makeAnalysis(), campaignIds: [] },
    ]);
    expect(copy.stored).toHaveLength(0);
    expect(copy.duplicates).toBe(1);
  });

  it("threads replies into their root's conversation and keeps one open work item per thread", async () => {
    const root = makePost({ text: "@lumenhelp my bill doubled this month" });
    const brandReply = makePost({
      replyToPlatformId: root.platformId,
      author: { platform: "x", platformId: "brand", handle: "lumenhelp", isBrand: true },
      text: "Sorry to hear that, can you DM us?",
    });
    const followUp = makePost({
      replyToPlatformId: brandReply.platformId,
      text: "@lumenhelp done, still waiting",
    });
    const result = await store.ingest(workspaceId, [
      { post: root, analysis: makeAnalysis({ priority: 40 }), campaignIds: [] },
      { post: brandReply, analysis: makeAnalysis({ needsBrand: false }), campaignIds: [] },
      { post: followUp, analysis: makeAnalysis({ priority: 70 }), campaignIds: [] },
    ]);
    expect(new Set(result.stored.map((s) => s.conversationId)).size).toBe(1);
    expect(result.workItems).toHaveLength(1);
    const [item] = await store.views.workItems(workspaceId, {
      conversationId: result.stored[0]!.conversationId,
    });
    expect(item?.priority).toBe(70);
    expect(item?.post.platformId).toBe(followUp.platformId);
    const thread = await store.views.conversationPosts(workspaceId, item!.conversationId);
    expect(thread.map((p) => p.platformId)).toEqual([
      root.platformId,
      brandReply.platformId,
      followUp.platformId,
    ]);
    expect(thread[1]?.author.isBrand).toBe(true);
    expect(thread[2]?.replyToPostId).toBe(thread[1]?.id);
  });

  it("joins a reply that arrives in a later batch to the stored thread", async () => {
    const root = makePost();
    const first = await store.ingest(workspaceId, [
      { post: root, analysis: makeAnalysis(), campaignIds: [] },
    ]);
    const reply = makePost({ replyToPlatformId: root.platformId });
    const second = await store.ingest(workspaceId, [
      { post: reply, analysis: makeAnalysis(), campaignIds: [] },
    ]);
    expect(second.stored[0]?.conversationId).toBe(first.stored[0]?.conversationId);
    expect(second.workItems).toEqual([{ id: first.workItems[0]!.id, created: false }]);
  });

  it("opens no work item for posts that do not need the brand", async () => {
    const result = await store.ingest(workspaceId, [
      { post: makePost(), analysis: makeAnalysis({ needsBrand: false }), campaignIds: [] },
    ]);
    expect(result.stored).toHaveLength(1);
    expect(result.workItems).toHaveLength(0);
  });

  it("lists open work items by priority, then age, and pages with a keyset", async () => {
    const ws = (await store.workspaces.create({ name: "Paging" })).id;
    const priorities = [10, 90, 50, 90, 30];
    await store.ingest(
      ws,
      priorities.map((priority) => ({
        post: makePost(),
        analysis: makeAnalysis({ priority }),
        campaignIds: [],
      })),
    );
    const page1 = await store.views.workItems(ws, { states: ["new"], limit: 2 });
    const last = page1.at(-1)!;
    const page2 = await store.views.workItems(ws, {
      states: ["new"],
      limit: 10,
      after: { priority: last.priority, createdAt: last.createdAt, id: last.id },
    });
    expect([...page1, ...page2].map((w) => w.priority)).toEqual([90, 90, 50, 30, 10]);
    expect(new Set([...page1, ...page2].map((w) => w.id)).size).toBe(5);
  });

  it("moves a work item and bumps its version", async () => {
    const user = await store.users.create({
      workspaceId,
      email: "Agent@Example.com",
      name: "Ada",
      role: "agent",
      passwordHash: "x",
    });
    const result = await store.ingest(workspaceId, [
      { post: makePost(), analysis: makeAnalysis(), campaignIds: [] },
    ]);
    const id = result.workItems[0]!.id;
    await store.transaction(async (tx) => {
      const lock = await tx.workItems.lockForUpdate(workspaceId, id);
      expect(lock).toEqual({ state: "new", assigneeId: null, version: 1 });
      await tx.workItems.move(workspaceId, id, { state: "reserved", assigneeId: user.id });
    });
    const item = await store.views.workItem(workspaceId, id);
    expect(item).toMatchObject({ state: "reserved", assignee: { id: user.id, name: "Ada" }, version: 2 });
    expect((await store.users.findByEmail("agent@example.com"))?.id).toBe(user.id);
  });

  it("rolls a transaction back whole when it fails", async () => {
    await expect(
      store.transaction(async (tx) => {
        await tx.campaigns.create(workspaceId, { name: "Doomed", query: "lumen" });
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect((await store.campaigns.list(workspaceId)).map((c) => c.name)).not.toContain("Doomed");
  });

  it("creates, updates and deletes campaigns within their workspace only", async () => {
    const other = (await store.workspaces.create({ name: "Other" })).id;
    const c = await store.campaigns.create(workspaceId, {
      name: "Outage",
      query: "lumen AND (outage OR down)",
    });
    expect(await store.campaigns.get(other, c.id)).toBeNull();
    expect(await store.campaigns.update(other, c.id, { name: "x" })).toBeNull();
    const updated = await store.campaigns.update(workspaceId, c.id, { languages: ["en", "es"] });
    expect(updated?.languages).toEqual(["en", "es"]);
    expect(await store.campaigns.remove(other, c.id)).toBe(false);
    expect(await store.campaigns.remove(workspaceId, c.id)).toBe(true);
    expect(await store.campaigns.get(workspaceId, c.id)).toBeNull();
  });

  it("finds live sessions and forgets expired ones", async () => {
    const user = await store.users.create({
      workspaceId,
      email: "s@example.com",
      name: "S",
      role: "agent",
      passwordHash: "x",
    });
    const now = new Date();
    await store.credentials.createSession({
      tokenHash: "live",
      workspaceId,
      userId: user.id,
      expiresAt: new Date(now.getTime() + 60_000),
    });
    await store.credentials.createSession({
      tokenHash: "old",
      workspaceId,
      userId: user.id,
      expiresAt: new Date(now.getTime() - 1),
    });
    expect(await store.credentials.findSession("live", now)).toEqual({ userId: user.id, workspaceId });
    expect(await store.credentials.findSession("old", now)).toBeNull();
  });
  it("finds live API tokens only, and marks their use at most once a minute", async () => {
    const user = await store.users.create({
      workspaceId,
      email: "t@example.com",
      name: "T",
      role: "agent",
      passwordHash: "x",
    });
    const t0 = new Date("2026-06-01T10:00:00Z");
    const token = await store.credentials.createApiToken({
      workspaceId,
      userId: user.id,
      name: "ci",
      tokenHash: "tok",
      expiresAt: new Date(t0.getTime() + 3_600_000),
    });
    const lastUsed = async () =>
      (await store.credentials.listApiTokens(workspaceId, user.id)).find((t) => t.id === token.id)
        ?.lastUsedAt;
    expect(await store.credentials.findApiToken("tok", t0)).toEqual({ userId: user.id, workspaceId });
    await vi.waitFor(async () => expect(await lastUsed()).toEqual(t0));
    // Within the minute the mark stands; the write after it is ordered behind any it started.
    await store.credentials.findApiToken("tok", new Date(t0.getTime() + 10_000));
    await store.credentials.createSession({ tokenHash: "mark", workspaceId, userId: user.id, expiresAt: t0 });
    expect(await lastUsed()).toEqual(t0);
    const later = new Date(t0.getTime() + 61_000);
    await store.credentials.findApiToken("tok", later);
    await vi.waitFor(async () => expect(await lastUsed()).toEqual(later));
    expect(await store.credentials.findApiToken("tok", new Date(t0.getTime() + 3_600_000))).toBeNull();
    expect(await store.credentials.findApiToken("other", t0)).toBeNull();
    await store.credentials.revokeApiToken(workspaceId, token.id, later);
    expect(await store.credentials.findApiToken("tok", later)).toBeNull();
  });
});

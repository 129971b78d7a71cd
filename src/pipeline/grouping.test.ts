/**
 * Near-duplicates and quote posts through the pipeline into the store: the same words said again
 * within the window are linked to the first post that said them (and said again by the same
 * author, open no second work item); a quote post is linked to what it quotes; a quote of the
 * brand's own post is a mention of the brand, kept without a campaign match; the original says
 * how often it was shared, without the shares since deleted at their source or erased. On both
 * stores.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { backends, openMigrated } from "../../test/support/databases.ts";
import { makePost } from "../../test/support/factories.ts";
import { createMemoryBus } from "../bus/index.ts";
import { NEAR_DUPLICATE_WINDOW_MS } from "../domain/nearDuplicate.ts";
import type { NormalizedPost } from "../domain/post.ts";
import { createStore, type Database, type Store } from "../store/index.ts";
import { sql } from "../store/orm.ts";
import { workspaceContexts } from "./context.ts";
import { IngestPipeline } from "./pipeline.ts";

describe.each(backends())("posts grouped with their originals on $name", (backend) => {
  let database: Database;
  let store: Store;
  let pipeline: IngestPipeline;
  let workspaceId: string;
  const start = Date.UTC(2026, 10, 2, 9, 0, 0);
  const at = (minutes: number) => new Date(start + minutes * 60_000);
  const by = (name: string) => ({ platform: "x" as const, platformId: `id-${name}`, handle: name });
  const words = "@lumenhelp my parcel never arrived and nobody answers the phone";

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
    workspaceId = (await store.workspaces.create({ name: "G", brandHandles: ["lumenhelp"], brandNames: [] }))
      .id;
    await store.campaigns.create(workspaceId, { name: "Brand", query: "lumenhelp OR parcel" });
  });
  afterEach(async () => {
    await pipeline.close();
    await database.close();
  });

  const submit = (posts: NormalizedPost[], requireMatch = false) =>
    pipeline.submit(workspaceId, posts, { requireMatch });

  async function stored(platformId: string) {
    const [row] = await database.rows<{
      id: string;
      original_platform_id: string | null;
      original_relation: string | null;
      direction: string;
      items: number;
    }>(
      sql`select p.id, p.original_platform_id, p.original_relation, p.direction,
            (select count(*) from work_items w where w.conversation_id = p.conversation_id) as items
          from posts p where p.workspace_id = ${workspaceId} and p.platform_id = ${platformId}`,
    );
    return row ? { ...row, items: Number(row.items) } : undefined;
  }

  it("links the same words said again to the first post, and opens no second item for the same author", async () => {
    const first = makePost({ text: words, author: by("ann"), createdAt: at(0) });
    await submit([first]);
    const again = makePost({
      text: "RT: @lumenhelp My parcel NEVER arrived, and nobody answers the phone!! https://t.co/abc",
      author: by("ann"),
      createdAt: at(30),
    });
    const other = makePost({ text: words, author: by("bo"), createdAt: at(40) });
    const later = makePost({
      text: words,
      author: by("ann"),
      createdAt: new Date(start + NEAR_DUPLICATE_WINDOW_MS + 60_000),
    });
    // Within one batch: the earlier of the two is the original.
    const twiceB = makePost({
      text: "@lumenhelp the app logs me out every single time I open it",
      author: by("cy"),
      createdAt: at(51),
    });
    const twiceA = makePost({
      text: "@lumenhelp the app logs me out every single time I open it.",
      author: by("cy"),
      createdAt: at(50),
    });
    const short = makePost({ text: "@lumenhelp help", author: by("dee"), createdAt: at(1) });
    const shortAgain = makePost({ text: "@lumenhelp help", author: by("dee"), createdAt: at(2) });
    await submit([again, other, later, twiceB, twiceA, short, shortAgain]);

    expect(await stored(first.platformId)).toMatchObject({ original_platform_id: null, items: 1 });
    expect(await stored(again.platformId)).toMatchObject({
      original_platform_id: first.platformId,
      original_relation: "copy",
      items: 0,
    });
    expect(await stored(other.platformId)).toMatchObject({
      original_platform_id: first.platformId,
      original_relation: "copy",
      items: 1,
    });
    expect(await stored(later.platformId)).toMatchObject({ original_platform_id: null, items: 1 });
    expect(await stored(twiceA.platformId)).toMatchObject({ original_platform_id: null, items: 1 });
    expect(await stored(twiceB.platformId)).toMatchObject({
      original_platform_id: twiceA.platformId,
      original_relation: "copy",
      items: 0,
    });
    // Too few words to be one text re-shared: each its own.
    expect(await stored(shortAgain.platformId)).toMatchObject({ original_platform_id: null, items: 1 });

    // The work item shows what it repeats, with a link to the post Parley holds.
    const [item] = await store.views.workItems(workspaceId, { conversationId: await convOf(other) });
    expect(item!.post.original).toEqual({
      relation: "copy",
      platformId: first.platformId,
      postId: (await stored(first.platformId))!.id,
      url: first.url ?? null,
    });
  });

  async function convOf(post: NormalizedPost): Promise<string> {
    const [row] = await database.rows<{ conversation_id: string }>(
      sql`select conversation_id from posts where workspace_id = ${workspaceId} and platform_id = ${post.platformId}`,
    );
    return row!.conversation_id;
  }

  it("links a quote to what it quotes, and a quote of the brand's post is a mention kept without a match", async () => {
    const announcement = makePost({
      text: "Our network maintenance is planned tonight from 1 to 3 am",
      author: { ...by("lumenhelp"), isBrand: true },
      createdAt: at(0),
    });
    const chatter = makePost({
      text: "Look at this thing everyone is sharing today",
      author: by("gus"),
      createdAt: at(1),
    });
    await submit([announcement, chatter]);
    const quoteOfBrand = makePost({
      text: "Great, so no internet for me during my night shift again",
      author: by("eve"),
      createdAt: at(5),
      quotes: {
        platformId: announcement.platformId,
        authorPlatformId: "id-lumenhelp",
        authorHandle: "lumenhelp",
      },
    });
    // The quoted author known only by id: one of the brand's stored accounts.
    const quoteById = makePost({
      text: "Why at night, I work from home at night",
      author: by("fay"),
      createdAt: at(6),
      quotes: { platformId: announcement.platformId, authorPlatformId: "id-lumenhelp" },
    });
    const quoteOfOther = makePost({
      text: "so true, nothing else to say about it",
      author: by("hal"),
      createdAt: at(7),
      quotes: { platformId: chatter.platformId, authorPlatformId: "id-gus", authorHandle: "gus" },
    });
    // A listening source: only what matches a campaign, or addresses the brand, is kept.
    const result = await submit([quoteOfBrand, quoteById, quoteOfOther], true);
    expect(result).toMatchObject({ stored: 2, unmatched: 1 });
    for (const q of [quoteOfBrand, quoteById]) {
      expect(await stored(q.platformId)).toMatchObject({
        original_platform_id: announcement.platformId,
        original_relation: "quote",
        direction: "to_brand",
      });
    }
    expect(await stored(quoteOfOther.platformId)).toBeUndefined();
    const [post] = await database.rows<{ analysis: unknown }>(
      sql`select analysis from posts where workspace_id = ${workspaceId} and platform_id = ${quoteOfBrand.platformId}`,
    );
    const analysis = (typeof post!.analysis === "string" ? JSON.parse(post!.analysis) : post!.analysis) as {
      direction: { explanation: string };
    };
    expect(analysis.direction.explanation).toBe("quotes the brand's post (@lumenhelp)");

    // The same quote kept through a source that keeps everything, and quoting a post Parley holds.
    const quoteHeld = makePost({
      text: "see what they say about the maintenance",
      author: by("ida"),
      createdAt: at(8),
      quotes: { platformId: chatter.platformId },
    });
    await submit([quoteHeld]);
    const views = await store.views.posts(workspaceId, { limit: 10 });
    expect(views.find((v) => v.platformId === quoteHeld.platformId)!.original).toEqual({
      relation: "quote",
      platformId: chatter.platformId,
      postId: (await stored(chatter.platformId))!.id,
      url: chatter.url ?? null,
    });
    const missing = makePost({
      text: "quoting something from long ago here",
      author: by("jo"),
      createdAt: at(9),
      quotes: { platformId: "not-in-parley" },
    });
    await submit([missing]);
    const again = await store.views.posts(workspaceId, { limit: 10 });
    expect(again.find((v) => v.platformId === missing.platformId)!.original).toEqual({
      relation: "quote",
      platformId: "not-in-parley",
      postId: null,
      url: null,
    });
  });

  it("says how often an original was shared, without shares deleted at their source or erased", async () => {
    const original = makePost({ text: words, author: by("ann"), createdAt: at(0) });
    await submit([original]);
    const copyBo = makePost({ text: `${words}!!`, author: by("bo"), createdAt: at(10) });
    const copyCy = makePost({ text: `RT ${words}`, author: by("cy"), createdAt: at(11) });
    const quote = makePost({
      text: "same here, two weeks and counting",
      author: by("dee"),
      createdAt: at(12),
      quotes: { platformId: original.platformId },
    });
    const unrelated = makePost({
      text: "@lumenhelp my bill doubled this month for no reason",
      author: by("eve"),
    });
    await submit([copyBo, copyCy, quote, unrelated]);

    const shared = async (post: NormalizedPost) =>
      (await store.views.posts(workspaceId, { limit: 50 })).find((v) => v.platformId === post.platformId)!
        .shared;
    expect(await shared(original)).toBe(3);
    for (const p of [copyBo, copyCy, quote, unrelated]) expect(await shared(p)).toBe(0);
    // The inbox row and the thread carry it too.
    const [item] = await store.views.workItems(workspaceId, { conversationId: await convOf(original) });
    expect(item!.post).toMatchObject({ platformId: original.platformId, shared: 3 });
    const thread = await store.views.conversationPosts(workspaceId, await convOf(original));
    expect(thread.map((p) => p.shared)).toEqual([3]);

    // Deleted at its source: no longer a share. Told twice, the same.
    await store.transaction((tx) => tx.posts.withdraw(workspaceId, "x", [copyBo.platformId]));
    await store.transaction((tx) => tx.posts.withdraw(workspaceId, "x", [copyBo.platformId]));
    expect(await shared(original)).toBe(2);
    // A person erased takes their shares with them.
    await store.transaction((tx) => tx.privacy.erase(workspaceId, { platform: "x", handle: "cy" }));
    expect(await shared(original)).toBe(1);
    expect((await store.views.post(workspaceId, (await stored(original.platformId))!.id))?.shared).toBe(1);
  });
});

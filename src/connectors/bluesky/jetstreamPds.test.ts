/**
 * A `bluesky-jetstream` source reading a Jetstream in front of a real local PDS
 * (`test/pds/jetstream.ts` reads the PDS's repository firehose and serves Jetstream's events with
 * their time cursor): posts made on the PDS become work items; a post deleted and one edited
 * (`putRecord`) while Parley's ingest is stopped, and a post deleted while the service has cut the
 * connection, are all honoured once the source reads again from its cursor. The deleted post's
 * text leaves Parley, the edited one takes its new text and is triaged again, and each is noted on
 * its work item.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { backends, openMigrated } from "../../../test/support/databases.ts";
import { type LocalNetwork, type PdsAccount, startLocalNetwork } from "../../../test/support/pds.ts";
import { createMemoryBus } from "../../bus/index.ts";
import { systemClock } from "../../domain/clock.ts";
import { workspaceContexts } from "../../pipeline/context.ts";
import { normalizePost } from "../../pipeline/normalize.ts";
import { IngestPipeline } from "../../pipeline/pipeline.ts";
import { createStore, type Database, type Store } from "../../store/index.ts";
import { sql } from "../../store/orm.ts";
import { startSourceRunner } from "../runner.ts";
import { secretBox } from "../secretBox.ts";

let net: LocalNetwork;
let jetstream: { url: string; drop(): Promise<void> };
let names = 0;
const account = (prefix: string) =>
  net.account(`${prefix}${(names++).toString(36)}${process.pid.toString(36)}`);

beforeAll(async () => {
  net = await startLocalNetwork();
  jetstream = await net.jetstream();
}, 300_000);
afterAll(async () => {
  await net?.close();
}, 60_000);

interface StoredRow {
  id: string;
  text: string;
  raw: unknown;
  intent: string;
  priority: number;
  item_id: string | null;
  item_priority: number | null;
}

describe.each(backends())("a Jetstream source over the local PDS on $name", (backend) => {
  let database: Database;
  let store: Store;
  let pipeline: IngestPipeline;
  let workspaceId: string;
  let brand: PdsAccount;
  let word: string;
  const box = secretBox("jetstream-pds-test-key-jetstream-pds-test-key");

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
    brand = await account("lumen");
    // A word no other test's posts hold: the campaign keeps only this test's posts.
    word = `parcel${(names++).toString(36)}x${process.pid.toString(36)}`;
    workspaceId = (await store.workspaces.create({ name: "J", brandHandles: [brand.handle], brandNames: [] }))
      .id;
    await store.campaigns.create(workspaceId, { name: "Brand", query: word });
  });
  afterEach(async () => {
    await pipeline.close();
    await database.close();
  });

  const runner = () =>
    startSourceRunner({ store, pipeline, box, clock: systemClock, scanMs: 0, random: () => 1 });

  async function row(uri: string): Promise<StoredRow | undefined> {
    const [found] = await database.rows<StoredRow>(
      sql`select p.id, p.text, p.raw, p.intent, p.priority, w.id as item_id, w.priority as item_priority
          from posts p left join work_items w on w.latest_post_id = p.id
          where p.workspace_id = ${workspaceId} and p.platform_id = ${uri}`,
    );
    return found;
  }

  async function until(check: () => Promise<boolean>, what: string, ms = 30_000) {
    const end = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it("honours deletes and edits made while the stream was down, and notes them on the work items", async () => {
    const source = await store.sources.create(workspaceId, {
      kind: "bluesky-jetstream",
      name: "Every post",
      config: { url: jetstream.url, allowPrivateNetwork: true },
      credentials: null,
    });
    let r = runner();
    await r.scan();
    // Without a cursor the stream starts live: the first pull has opened the socket once it returns.
    await until(async () => (await store.sources.get(source.id))!.lastSuccessAt !== null, "the first pull");
    const dana = await account("dana");
    const eli = await account("eli");
    const fay = await account("fay");
    const late = await net.post(dana, `@${brand.handle} my ${word} never came, where is it?`, {
      mentions: [brand],
    });
    const asked = await net.post(eli, `@${brand.handle} where is my ${word}? I need it today`, {
      mentions: [brand],
    });
    await until(
      async () => Boolean((await row(late.uri))?.item_id && (await row(asked.uri))?.item_id),
      "both",
    );
    const before = (await row(asked.uri))!;
    await r.stop();

    // Ingest is down: one post is deleted, another edited, a third made.
    await net.deletePost(dana, late.uri);
    const editedText = `@${brand.handle} the ${word} arrived this morning, thank you so much, great service!`;
    await net.editPost(eli, asked.uri, editedText);
    const third = await net.post(fay, `@${brand.handle} my ${word} came broken, I want a refund`, {
      mentions: [brand],
    });

    r = runner();
    await r.scan();
    await until(
      async () =>
        (await row(late.uri))?.text === "" &&
        (await row(asked.uri))?.text === editedText &&
        Boolean((await row(third.uri))?.item_id),
      "the replay from the cursor",
    );

    // The service cuts the connection; a post is deleted before the source connects again.
    await jetstream.drop();
    await net.deletePost(fay, third.uri);
    await until(async () => (await row(third.uri))?.text === "", "the delete after the cut", 60_000);
    await r.stop();

    const gone = (await row(late.uri))!;
    expect(gone.raw).toBeNull();
    const edited = (await row(asked.uri))!;
    // Triaged again on the new text, as a new post with that text would be.
    const [expected] = await pipeline.triage(workspaceId, [
      normalizePost({
        platform: "bluesky",
        platformId: `${asked.uri}-probe`,
        text: editedText,
        createdAt: new Date(),
        author: { platformId: eli.did, handle: eli.did },
        channel: "public",
        raw: null,
      }),
    ]);
    expect(edited.intent).toBe(expected!.analysis.intent.label);
    expect(edited.intent).not.toBe(before.intent);
    expect(edited.priority).toBeCloseTo(expected!.analysis.priority, 5);
    expect(edited.item_priority).toBeCloseTo(edited.priority, 5);

    const notes = async (action: string) =>
      (await store.audit.list(workspaceId, { action, limit: 100 })).map((n) => ({
        subjectType: n.subjectType,
        subjectId: n.subjectId,
        platformId: (n.detail as { platformId: string }).platformId,
      }));
    expect((await notes("post.withdrawn")).sort((a, b) => a.platformId.localeCompare(b.platformId))).toEqual(
      [
        { subjectType: "work_item", subjectId: gone.item_id, platformId: late.uri },
        { subjectType: "work_item", subjectId: (await row(third.uri))!.item_id, platformId: third.uri },
      ].sort((a, b) => a.platformId.localeCompare(b.platformId)),
    );
    expect(await notes("post.edited")).toEqual([
      { subjectType: "work_item", subjectId: edited.item_id, platformId: asked.uri },
    ]);
    // Each post once.
    const ids = await database.rows<{ platform_id: string }>(
      sql`select platform_id from posts where workspace_id = ${workspaceId}`,
    );
    expect(ids.map((i) => i.platform_id).sort()).toEqual([late.uri, asked.uri, third.uri].sort());
  }, 180_000);
});

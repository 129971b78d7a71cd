/** The Mastodon connector against the fake instance: paging, what a status becomes, limits, replies. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FakeMastodon, startFakeMastodon } from "../../../test/support/fakeMastodon.ts";
import { ManualClock } from "../../domain/clock.ts";
import { type Connector, PeerError } from "../contract.ts";
import { createMastodonConnector } from "./connector.ts";
import { type MastodonSettings, mastodonSettings } from "./settings.ts";

describe("the Mastodon connector", () => {
  let fake: FakeMastodon;
  let clock: ManualClock;
  const open: Connector[] = [];
  const context = () => ({ clock, signal: new AbortController().signal });

  beforeEach(async () => {
    clock = new ManualClock(Date.UTC(2026, 10, 30, 12, 0, 0));
    fake = await startFakeMastodon({ now: () => clock.now(), fullTextSearch: true });
  });
  afterEach(async () => {
    for (const c of open.splice(0)) await c.close?.();
    await fake.close();
  });

  function connector(settings: Partial<MastodonSettings> = {}, token = fake.token) {
    const parsed = mastodonSettings.parse({ instanceUrl: fake.url, allowPrivateNetwork: true, ...settings });
    const c = createMastodonConnector({
      id: "s1",
      workspaceId: "w1",
      kind: "mastodon",
      name: "Mastodon",
      settings: parsed,
      credentials: { accessToken: token },
    });
    open.push(c);
    return c;
  }

  const mention = (n: number) => fake.publish({ text: `@lumenhelp question ${n}`, by: `user${n % 7}` });

  it("starts from the newest page, then reads everything newer across pages in one pull, in order", async () => {
    for (let i = 0; i < 50; i++) mention(i);
    const c = connector();
    const first = await c.pull(null, context());
    expect(first.posts).toHaveLength(40);
    expect(first.posts.map((p) => p.text)).toContain("@lumenhelp question 49");
    expect(first.posts.map((p) => p.text)).not.toContain("@lumenhelp question 9");
    clock.advance(1000);
    const later = Array.from({ length: 95 }, (_, i) => mention(100 + i).id);
    const next = await c.pull(first.cursor, context());
    expect(next.posts.map((p) => p.platformId).sort()).toEqual([...later].sort());
    expect(next.idleMs).toBe(60_000);
    // Nothing new: nothing again.
    const idle = await c.pull(next.cursor, context());
    expect(idle.posts).toEqual([]);
    expect(JSON.parse(idle.cursor!)).toEqual(JSON.parse(next.cursor!));
  });

  it("stops after five pages and asks again at once for the rest", async () => {
    const c = connector();
    const start = await c.pull(null, context());
    const ids = Array.from({ length: 230 }, (_, i) => mention(i).id);
    const a = await c.pull(start.cursor, context());
    expect(a.posts).toHaveLength(200);
    expect(a.idleMs).toBe(0);
    const b = await c.pull(a.cursor, context());
    expect([...a.posts, ...b.posts].map((p) => p.platformId).sort()).toEqual(ids.sort());
    expect(b.idleMs).toBe(60_000);
  });

  it("turns a direct message into a private post, with its text, warning, mentions, tags and thread", async () => {
    const brandPost = fake.statuses.get(
      fake.publish({ text: "We are back online", by: "lumenhelp", visibility: "public" }).id,
    )!;
    const c = connector();
    const start = await c.pull(null, context());
    const dm = fake.publish({
      text: "@lumenhelp my account <b>12345</b> & card were charged twice #billing",
      by: "dana",
      visibility: "direct",
      inReplyTo: brandPost.id,
      spoilerText: "money",
      language: "en",
    });
    const { posts } = await c.pull(start.cursor, context());
    expect(posts).toHaveLength(1);
    const [post] = posts;
    expect(post).toMatchObject({
      platform: "mastodon",
      platformId: dm.id,
      channel: "private",
      url: dm.url,
      language: "en",
      replyToPlatformId: brandPost.id,
      replyToHandle: "lumenhelp",
      author: { handle: "dana", platformId: dm.account.id, name: "Dana" },
    });
    // The HTML is read as text once: the markup typed by the author stays text, never markup.
    expect(post!.text).toBe("money\n\n@lumenhelp my account <b>12345</b> & card were charged twice #billing");
    expect(post!.mentions).toContain("lumenhelp");
    expect(post!.hashtags).toEqual(["billing"]);
  });

  it("reads hashtag timelines and keyword searches from their own places", async () => {
    const c = connector({ mentions: false, hashtags: ["#LumenDown"], keywords: ["no signal"] });
    const start = await c.pull(null, context());
    expect(start.posts).toEqual([]);
    const tagged = fake.publish({ text: "Whole street offline #lumendown", by: "erin" });
    const searched = fake.publish({ text: "Still no signal in Leeds today", by: "finn" });
    fake.publish({ text: "Lovely weather", by: "gus" });
    const { posts, cursor } = await c.pull(start.cursor, context());
    expect(posts.map((p) => p.platformId).sort()).toEqual([tagged.id, searched.id].sort());
    expect(Object.keys(JSON.parse(cursor!).streams).sort()).toEqual(["search:no signal", "tag:lumendown"]);
    expect((await c.pull(cursor, context())).posts).toEqual([]);
  });

  it("waits for the window to reset when the instance says none are left", async () => {
    await fake.close();
    fake = await startFakeMastodon({ now: () => clock.now(), rateLimit: 2 });
    const c = connector({ hashtags: ["lumen"] });
    const batch = await c.pull(null, context());
    // Two requests (mentions, the hashtag) spend the window of two.
    const reset = Math.floor(clock.now() / 300_000) * 300_000 + 300_000;
    expect(batch.idleMs).toBe(reset - clock.now());
    await expect(c.pull(batch.cursor, context())).rejects.toMatchObject({
      kind: "rate_limited",
      retryAt: reset,
    });
  });

  it("is refused with a wrong token", async () => {
    const c = connector({}, "not-the-token");
    await expect(c.pull(null, context())).rejects.toBeInstanceOf(PeerError);
    await expect(c.pull(null, context())).rejects.toMatchObject({ kind: "refused" });
  });

  it("replies in the thread once per idempotency key, by direct message when private", async () => {
    const question = fake.publish({ text: "@lumenhelp is there an outage?", by: "hana" });
    const c = connector();
    const reply = {
      idempotencyKey: "reply-1",
      text: "Yes, in Leeds; fixed by 6pm.",
      inReplyTo: question.id,
      channel: "public" as const,
      context: { authorHandle: "hana" },
    };
    const sent = await c.send!(reply, context());
    const again = await c.send!(reply, context());
    expect(again).toEqual(sent);
    expect(fake.posted.map((p) => p.key)).toEqual(["reply-1", "reply-1"]);
    const created = [...fake.statuses.values()].filter((s) => s.account.id === fake.brand.id);
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ in_reply_to_id: question.id, visibility: "public" });
    // The author is mentioned so the reply reaches them.
    expect(created[0]!.content).toContain("@<span>hana</span>");
    expect(sent).toMatchObject({
      platformId: created[0]!.id,
      url: created[0]!.url,
      author: { handle: "lumenhelp" },
    });

    const dm = await c.send!({ ...reply, idempotencyKey: "reply-2", channel: "private" }, context());
    expect(fake.statuses.get(dm.platformId)).toMatchObject({
      visibility: "direct",
      in_reply_to_id: question.id,
    });
  });

  it("gives the instance's reason when it refuses a reply", async () => {
    const question = fake.publish({ text: "@lumenhelp hello", by: "ivy" });
    const c = connector();
    const base = {
      idempotencyKey: "k",
      inReplyTo: question.id,
      channel: "public" as const,
      context: { authorHandle: "ivy" },
    };
    await expect(c.send!({ ...base, text: "x".repeat(500) }, context())).rejects.toMatchObject({
      kind: "refused",
      message: expect.stringContaining("Text character limit of 500 exceeded (HTTP 422)"),
    });
    await expect(
      c.send!({ ...base, idempotencyKey: "k2", text: "hi", inReplyTo: "999" }, context()),
    ).rejects.toMatchObject({
      kind: "refused",
      message: expect.stringContaining("Record not found (HTTP 404)"),
    });
  });
});

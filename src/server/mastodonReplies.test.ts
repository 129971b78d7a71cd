/** The whole loop on Mastodon: a mention read by the source, answered by an agent, sent to the instance. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { appBackends, type TestApp, testApp } from "../../test/support/app.ts";
import { type FakeMastodon, startFakeMastodon } from "../../test/support/fakeMastodon.ts";
import { startSourceRunner } from "../connectors/runner.ts";
import { ManualClock } from "../domain/clock.ts";
import { startWorker } from "../jobs/runner.ts";

describe.each(appBackends)("answering a Mastodon mention on $name", ({ postgres }) => {
  let t: TestApp;
  let fake: FakeMastodon;
  let clock: ManualClock;

  beforeEach(async () => {
    clock = new ManualClock(Date.UTC(2026, 10, 30, 12, 0, 0));
    fake = await startFakeMastodon({ now: () => clock.now() });
    t = await testApp({ postgres, core: { clock, credentialsKey: "a-test-key-of-at-least-32-characters" } });
  });
  afterEach(async () => {
    await t.close();
    await fake.close();
  });

  async function readSource() {
    const runner = startSourceRunner({
      store: t.core.store,
      pipeline: t.core.pipeline,
      box: t.core.box,
      clock,
      scanMs: 0,
    });
    await runner.scan();
    const end = Date.now() + 10_000;
    while (Date.now() < end) {
      const items = await t.core.store.views.workItems(t.workspaceId, { limit: 10 });
      if (items.length > 0) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    await runner.stop();
  }

  it("reads the direct mention, and the agent's private reply reaches the instance as a direct status in the thread", async () => {
    const admin = await t.signIn("admin");
    const created = await t.app.inject({
      method: "POST",
      url: "/api/sources",
      headers: { cookie: admin.cookie },
      payload: {
        kind: "mastodon",
        name: "Lumen on Mastodon",
        settings: { instanceUrl: fake.url, allowPrivateNetwork: true },
        credentials: { accessToken: fake.token },
      },
    });
    expect(created.statusCode).toBe(201);
    const question = fake.publish({
      text: "@lumenhelp I was charged twice this month, can you check?",
      by: "dana",
      visibility: "direct",
    });
    await readSource();
    const [item] = await t.core.store.views.workItems(t.workspaceId, { limit: 10 });
    expect(item).toMatchObject({
      post: { platform: "mastodon", platformId: question.id, channel: "private" },
    });

    const agent = await t.signIn("agent");
    await t.app.inject({
      method: "POST",
      url: `/api/work-items/${item!.id}/claim`,
      headers: { cookie: agent.cookie },
    });
    const listed = await t.app.inject({
      method: "GET",
      url: `/api/work-items/${item!.id}/replies`,
      headers: { cookie: agent.cookie },
    });
    expect(listed.json().channel).toMatchObject({
      platform: "mastodon",
      unavailable: null,
      maxLength: 500,
      suggested: "private",
    });
    const queued = await t.app.inject({
      method: "POST",
      url: `/api/work-items/${item!.id}/replies`,
      headers: { cookie: agent.cookie },
      payload: { text: "Sorry about that, Dana. The second charge is refunded today.", channel: "private" },
    });
    expect(queued.statusCode).toBe(202);

    await t.core.relay.flush();
    const worker = startWorker({
      store: t.core.store,
      clock,
      definitions: replyJobsOf(t.core.jobs),
      pollMs: 0,
    });
    expect(await worker.tick()).toBe(1);
    await worker.stop();

    const sent = [...fake.statuses.values()].filter((s) => s.account.id === fake.brand.id);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ visibility: "direct", in_reply_to_id: question.id });
    expect(sent[0]!.mentions.map((m) => m.acct)).toEqual(["dana"]);
    expect(fake.posted.map((p) => p.key)).toEqual([queued.json().id]);

    const reply = (
      await t.app.inject({
        method: "GET",
        url: `/api/work-items/${item!.id}/replies`,
        headers: { cookie: agent.cookie },
      })
    ).json().items[0];
    expect(reply).toMatchObject({ status: "sent", platformId: sent[0]!.id, url: sent[0]!.url });
    const thread = await t.core.store.views.conversationPosts(t.workspaceId, item!.conversationId);
    expect(thread.map((p) => [p.platformId, p.author.handle, p.author.isBrand, p.channel])).toEqual([
      [question.id, "dana", false, "private"],
      [sent[0]!.id, "lumenhelp", true, "private"],
    ]);
    // The brand's post reads as the instance holds it: with the mention that delivered it.
    expect(thread[1]!.text).toBe("@dana Sorry about that, Dana. The second charge is refunded today.");
  });

  it("sends once at the instance when a worker sent the reply and died before recording it", async () => {
    const admin = await t.signIn("admin");
    await t.app.inject({
      method: "POST",
      url: "/api/sources",
      headers: { cookie: admin.cookie },
      payload: {
        kind: "mastodon",
        name: "Lumen on Mastodon",
        settings: { instanceUrl: fake.url, allowPrivateNetwork: true },
        credentials: { accessToken: fake.token },
      },
    });
    const question = fake.publish({ text: "@lumenhelp is roaming free in France?", by: "remy" });
    await readSource();
    const [item] = await t.core.store.views.workItems(t.workspaceId, { limit: 10 });
    const queued = await t.app.inject({
      method: "POST",
      url: `/api/work-items/${item!.id}/replies`,
      headers: { cookie: admin.cookie },
      payload: { text: "Yes, within the EU it is.", channel: "public" },
    });
    const replyId = queued.json().id as string;
    // The first run got as far as the instance: the status exists, Parley has not recorded it.
    const response = await fetch(`${fake.url}/api/v1/statuses`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${fake.token}`,
        "content-type": "application/json",
        "idempotency-key": replyId,
      },
      body: JSON.stringify({ status: "@remy Yes, within the EU it is.", in_reply_to_id: question.id }),
    });
    const first = (await response.json()) as { id: string };
    await t.core.relay.flush();
    const worker = startWorker({
      store: t.core.store,
      clock,
      definitions: replyJobsOf(t.core.jobs),
      pollMs: 0,
    });
    expect(await worker.tick()).toBe(1);
    await worker.stop();
    expect(fake.posted.map((p) => p.key)).toEqual([replyId, replyId]);
    expect(
      [...fake.statuses.values()].filter((s) => s.account.id === fake.brand.id).map((s) => s.id),
    ).toEqual([first.id]);
    const stored = await t.core.store.replies.get(t.workspaceId, replyId);
    expect(stored).toMatchObject({ status: "sent", platformId: first.id });
  });
});

/** The reply job alone: routing's jobs for the same work items run on their own schedule. */
function replyJobsOf<J extends { name: string }>(jobs: readonly J[]): J[] {
  return jobs.filter((j) => j.name === "reply.send");
}

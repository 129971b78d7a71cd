/** A live socket that reconnects is caught up from the last event it saw, on both stores. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { appBackends, type TestApp, testApp } from "../../test/support/app.ts";
import { makePost } from "../../test/support/factories.ts";
import { openLive } from "../../test/support/live.ts";
import { sql } from "../store/orm.ts";

describe.each(appBackends)("live catch-up on $name", ({ postgres }) => {
  let t: TestApp;
  let cookie: string;

  beforeEach(async () => {
    t = await testApp({ postgres });
    cookie = (await t.signIn("agent")).cookie;
  });
  afterEach(async () => {
    await t.close();
  });

  const complaint = (n: number) =>
    makePost({ text: `@lumenhelp my bill is wrong again, order ${n}, please fix it` });
  const isItem = (m: Record<string, unknown>) =>
    m.type === "work_item.created" || m.type === "work_item.updated";

  it("replays what changed while the socket was away, then carries on live", async () => {
    const first = await openLive(t.app, { cookie });
    await first.next((m) => m.type === "hello");
    await t.core.pipeline.submit(t.workspaceId, [complaint(1)]);
    const seen = await first.next(isItem);
    expect(typeof seen.seq).toBe("number");
    const firstItem = seen.workItem as { id: string };
    first.close();

    // While away: two new items, and the first one claimed by someone.
    await t.core.pipeline.submit(t.workspaceId, [complaint(2), complaint(3)]);
    const other = await t.signIn("agent");
    const claimed = await t.app.inject({
      method: "POST",
      url: `/api/work-items/${firstItem.id}/claim`,
      headers: { cookie: other.cookie },
    });
    expect(claimed.statusCode).toBe(200);

    const back = await openLive(t.app, { cookie }, `/api/live?after=${seen.seq}`);
    await back.next((m) => m.type === "hello");
    const replayed = [await back.next(isItem), await back.next(isItem), await back.next(isItem)];
    const done = await back.next((m) => m.type === "caught_up");
    expect(replayed.filter((m) => m.type === "work_item.created")).toHaveLength(2);
    const update = replayed.find((m) => m.type === "work_item.updated")!;
    expect((update.workItem as { id: string; state: string }).id).toBe(firstItem.id);
    expect((update.workItem as { state: string }).state).toBe("reserved");
    expect(done.seq).toBe(Math.max(...replayed.map((m) => m.seq as number)));

    // Then live as before.
    await t.core.pipeline.submit(t.workspaceId, [complaint(4)]);
    const live = await back.next(isItem);
    expect(live.seq as number).toBeGreaterThan(done.seq as number);
    back.close();
  });

  it("tells the screen to reload when the log no longer reaches back to its last event", async () => {
    await t.core.pipeline.submit(t.workspaceId, [complaint(1), complaint(2)]);
    const events = await t.core.store.events.after(0, { limit: 100, workspaceId: t.workspaceId });
    const last = events.at(-1)!.seq;
    await t.core.database.rows(sql`delete from events where seq <= ${last}`);
    await t.core.pipeline.submit(t.workspaceId, [complaint(3)]);
    const back = await openLive(t.app, { cookie }, `/api/live?after=${last - 1}`);
    expect((await back.next((m) => m.type !== "hello")).type).toBe("resync");
    back.close();
  });
});

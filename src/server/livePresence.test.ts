/**
 * Agents' presence on the live socket, on both stores: supervisors hear every change (by hand and
 * away after idle), agents their own only, analysts none; a socket that reconnects is told the
 * presence that changed while it was away.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { appBackends, type TestApp, testApp } from "../../test/support/app.ts";
import { makePost } from "../../test/support/factories.ts";
import { type LiveClient, openLive } from "../../test/support/live.ts";
import { settle as settleJobs } from "../../test/support/settle.ts";
import { ManualClock } from "../domain/clock.ts";
import { type JobWorker, startWorker } from "../jobs/runner.ts";

describe.each(appBackends)("presence on the live channel on $name", ({ postgres }) => {
  let t: TestApp;
  let worker: JobWorker;
  const clock = new ManualClock(Date.UTC(2026, 10, 2, 9));
  const sockets: LiveClient[] = [];

  beforeEach(async () => {
    t = await testApp({ postgres, core: { clock } });
    worker = startWorker({ store: t.core.store, clock, definitions: t.core.jobs, pollMs: 0 });
  });
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.close();
    await worker.stop();
    await t.close();
  });

  const live = async (cookie: string, path?: string) => {
    const socket = await openLive(t.app, { cookie }, path);
    sockets.push(socket);
    await socket.next((m) => m.type === "hello");
    return socket;
  };
  const presence = (cookie: string, value: string) =>
    t.app.inject({
      method: "PUT",
      url: "/api/me/presence",
      headers: { cookie },
      payload: { presence: value },
    });
  const isPresence = (m: Record<string, unknown>) => m.type === "agent.presence";

  it("tells supervisors every agent's change, each agent only their own, analysts nothing", async () => {
    const boss = await t.signIn("supervisor");
    const agent = await t.signIn("agent");
    const colleague = await t.signIn("agent");
    const analyst = await t.signIn("analyst");
    const [bossSocket, agentSocket, colleagueSocket, analystSocket] = await Promise.all([
      live(boss.cookie),
      live(agent.cookie),
      live(colleague.cookie),
      live(analyst.cookie),
    ]);

    expect((await presence(agent.cookie, "available")).statusCode).toBe(200);
    const heard = await bossSocket.next(isPresence);
    expect(heard).toMatchObject({
      type: "agent.presence",
      agent: { id: agent.userId, presence: "available", automatic: false },
    });
    expect(typeof heard.seq).toBe("number");
    expect((await agentSocket.next(isPresence)).agent).toMatchObject({ id: agent.userId });

    // The colleague's own change reaches them; the agent's did not, nor anything the analyst.
    await presence(colleague.cookie, "away");
    expect((await colleagueSocket.next(isPresence)).agent).toMatchObject({
      id: colleague.userId,
      presence: "away",
    });
    expect((await bossSocket.next(isPresence)).agent).toMatchObject({ id: colleague.userId });
    // A work item after both changes: the sockets deliver in order, so what they were to get
    // about presence came before it.
    await t.core.pipeline.submit(t.workspaceId, [makePost({ text: "@lumenhelp my bill is wrong" })]);
    const isItem = (m: Record<string, unknown>) => m.type === "work_item.created";
    await Promise.all([analystSocket.next(isItem), agentSocket.next(isItem)]);
    expect(analystSocket.taken().filter(isPresence)).toEqual([]);
    expect(agentSocket.taken().filter(isPresence)).toEqual([]);
  });

  it("says so when an idle agent is set away by the timer", async () => {
    const boss = await t.signIn("supervisor");
    const agent = await t.signIn("agent");
    await t.app.inject({
      method: "PUT",
      url: "/api/routing/settings",
      headers: { cookie: boss.cookie },
      payload: { channelWeights: { public: 1, private: 2 }, offerTimeoutMs: 30_000, idleAwayMs: 120_000 },
    });
    await presence(agent.cookie, "available");
    const bossSocket = await live(boss.cookie);
    clock.advance(121_000);
    await settleJobs(t.core.relay, worker);
    expect((await bossSocket.next(isPresence)).agent).toEqual({
      id: agent.userId,
      presence: "away",
      automatic: true,
    });
  });

  it("catches a reconnecting supervisor up with the presence that changed meanwhile", async () => {
    const boss = await t.signIn("supervisor");
    const agent = await t.signIn("agent");
    const first = await live(boss.cookie);
    await presence(agent.cookie, "available");
    const seen = await first.next(isPresence);
    first.close();

    await presence(agent.cookie, "away");
    await presence(agent.cookie, "offline");

    const back = await live(boss.cookie, `/api/live?after=${seen.seq}`);
    const replayed = await back.next(isPresence);
    expect(replayed.agent).toEqual({ id: agent.userId, presence: "offline", automatic: false });
    const done = await back.next((m) => m.type === "caught_up");
    expect(done.seq as number).toBeGreaterThanOrEqual(replayed.seq as number);

    // An agent reconnecting is told only their own.
    const colleague = await t.signIn("agent");
    const mine = await live(colleague.cookie, `/api/live?after=${seen.seq}`);
    const caught = await mine.next((m) => m.type === "caught_up" || isPresence(m));
    expect(caught.type).toBe("caught_up");
  });
});

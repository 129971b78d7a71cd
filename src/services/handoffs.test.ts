/** The hand-off service against the store, on every backend: races between reports, and between a hand-off and a resolve. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backends, openMigrated } from "../../test/support/databases.ts";
import { makeAnalysis, makePost } from "../../test/support/factories.ts";
import { createMemoryBus } from "../bus/index.ts";
import { secretBox } from "../connectors/secretBox.ts";
import { signPush } from "../connectors/webhook/push.ts";
import { ManualClock } from "../domain/clock.ts";
import type { Role } from "../domain/views.ts";
import { createStore, type Database, type Store } from "../store/index.ts";
import type { Principal } from "./auth.ts";
import { type HandoffService, handoffService } from "./handoffs.ts";
import { workItemService } from "./workItems.ts";

describe.each(backends())("hand-offs on $name", (backend) => {
  let database: Database;
  let store: Store;
  let handoffs: HandoffService;
  let items: ReturnType<typeof workItemService>;
  const clock = new ManualClock(Date.UTC(2026, 11, 2, 9));
  let workspace: Principal["workspace"];
  let secret: string;
  let n = 0;

  async function person(role: Role): Promise<Principal> {
    n++;
    const user = await store.users.create({
      workspaceId: workspace.id,
      email: `${role}${n}@example.com`,
      name: `${role} ${n}`,
      role,
      passwordHash: "x",
    });
    return { user, workspace };
  }

  async function newItem(text: string): Promise<string> {
    const result = await store.ingest(workspace.id, [
      { post: makePost({ text }), analysis: makeAnalysis(), campaignIds: [] },
    ]);
    return result.workItems[0]!.id;
  }

  function signed(body: unknown) {
    const raw = Buffer.from(JSON.stringify(body));
    const timestamp = String(Math.floor(clock.now() / 1000));
    return [{ timestamp, signature: signPush(secret, timestamp, raw) }, raw] as const;
  }

  beforeAll(async () => {
    database = await openMigrated(backend);
    store = createStore(database);
    const bus = createMemoryBus();
    const box = secretBox("a-test-key-that-is-long-enough-for-the-box");
    handoffs = handoffService({ store, bus, box, clock });
    items = workItemService(store, bus);
    const created = await store.workspaces.create({ name: "Lumen", brandHandles: ["lumenhelp"] });
    workspace = (await store.workspaces.get(created.id))!;
    const admin = await person("admin");
    const saved = await handoffs.saveEndpoint(admin, {
      url: "http://127.0.0.1:9/handoffs",
      allowPrivateNetwork: true,
    });
    secret = saved.secret!;
  });
  afterAll(async () => {
    await database.close();
  });

  it("lets exactly one of two reports that close a hand-off at the same instant win", async () => {
    const agent = await person("agent");
    for (let i = 0; i < 5; i++) {
      const id = await newItem(`@lumenhelp billing ${i}`);
      await items.act(agent, id, "claim");
      const { handoff } = await handoffs.handOff(agent, id, { reason: "billing" });
      const results = await Promise.allSettled([
        handoffs.report(handoff.id, ...signed({ status: "handled" })),
        handoffs.report(handoff.id, ...signed({ status: "rejected" })),
      ]);
      const won = results.filter((r) => r.status === "fulfilled");
      expect(won).toHaveLength(1);
      const lost = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
      expect(lost.reason).toMatchObject({ code: "handoff_closed" });
      const winner = (won[0] as PromiseFulfilledResult<{ status: string }>).value.status;
      const item = await items.get(agent, id);
      expect(item.state).toBe(winner === "handled" ? "handled" : "new");
      const [history] = (await handoffs.forWorkItem(agent, id)).items;
      expect(history!.history.map((s) => s.status)).toEqual(["queued", winner]);
    }
  });

  it("lets a hand-off and a resolve of the same item at the same instant not both happen", async () => {
    const agent = await person("agent");
    for (let i = 0; i < 5; i++) {
      const id = await newItem(`@lumenhelp race ${i}`);
      await items.act(agent, id, "claim");
      const results = await Promise.allSettled([
        handoffs.handOff(agent, id, { reason: "billing" }),
        items.act(agent, id, "resolve"),
      ]);
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      const lost = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
      expect(lost.reason).toMatchObject({ code: "invalid_transition" });
      const state = (await items.get(agent, id)).state;
      const written = (await handoffs.forWorkItem(agent, id)).items;
      expect(written).toHaveLength(state === "queued_external" ? 1 : 0);
    }
  });

  it("records the trimmed reason and the actor in the audit log; an analyst reads the history", async () => {
    const agent = await person("agent");
    const id = await newItem("@lumenhelp audit me");
    await items.act(agent, id, "claim");
    const { handoff } = await handoffs.handOff(agent, id, { reason: "  needs the shop  " });
    expect(handoff.reason).toBe("needs the shop");
    const audit = await store.audit.list(workspace.id, { subjectId: id, limit: 10 });
    expect(audit.find((a) => a.action === "work_item.hand_off")).toMatchObject({
      actorUserId: agent.user.id,
      detail: { from: "reserved", to: "queued_external", handoffId: handoff.id, reason: "needs the shop" },
    });
    const analyst = await person("analyst");
    expect((await handoffs.forWorkItem(analyst, id)).items.map((h) => h.id)).toEqual([handoff.id]);
  });
});

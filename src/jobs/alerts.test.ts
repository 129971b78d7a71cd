/**
 * Alert evaluation on both stores: each per-post kind fires on the posts it names and on no
 * others, once per event; the quiet period holds a second alert back and counts it; a threshold
 * counts distinct authors from the rollups, so one loud author does not trip it; a spike fires on
 * an hour far above the usual one for that hour of the week.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { backends, openMigrated } from "../../test/support/databases.ts";
import { makeAnalysis, makePost } from "../../test/support/factories.ts";
import { secretBox } from "../connectors/secretBox.ts";
import type { AlertCondition } from "../domain/alerts.ts";
import type { Intent } from "../domain/analysis.ts";
import { ManualClock } from "../domain/clock.ts";
import { DEFAULT_CONSENT } from "../domain/customer.ts";
import { WEEK_HOURS } from "../domain/insight/spikes.ts";
import { createStore, type Database, type Store } from "../store/index.ts";
import { judgeWindows, matchBatch } from "./alerts.ts";
import { rollUpBatch } from "./insights.ts";

const HOUR = 60 * 60_000;
const T0 = Date.UTC(2026, 9, 5, 0, 0, 0);
const box = secretBox("a-test-key-that-is-long-enough-for-the-box");

describe.each(backends())("alert evaluation on $name", (backend) => {
  let database: Database;
  let store: Store;
  let workspaceId: string;
  let clock: ManualClock;
  let events = 0;

  beforeEach(async () => {
    database = await openMigrated(backend);
    store = createStore(database);
    workspaceId = (
      await store.workspaces.create({ name: "Lumen", brandHandles: ["lumenhelp"], brandNames: [] })
    ).id;
    clock = new ManualClock(T0 + 5 * WEEK_HOURS * HOUR + 30 * 60_000);
  });
  afterEach(async () => {
    await database.close();
  });

  const now = () => new Date(clock.now());

  async function rule(condition: AlertCondition, quietMinutes = 60) {
    return store.alerts.createRule(
      {
        workspaceId,
        name: `rule ${condition.kind}`,
        kind: condition.kind,
        condition,
        channels: [{ type: "webhook", url: "https://hooks.example.com/parley" }],
        secret: box.seal({ signingSecret: "whsec_test" }),
        enabled: true,
        quietMinutes,
        allowPrivateNetwork: false,
      },
      now(),
    );
  }

  type Spec = {
    author: string;
    text?: string;
    intent?: Intent;
    topic?: string;
    at?: number;
    campaignIds?: string[];
  };

  /** Stores posts as the pipeline would, and returns their ids in order. */
  async function ingest(posts: Spec[]) {
    const result = await store.ingest(
      workspaceId,
      posts.map((p, i) => ({
        post: makePost({
          text: p.text ?? `@lumenhelp nothing special here (${i})`,
          createdAt: new Date((p.at ?? clock.now()) + i),
          author: { platform: "x" as const, platformId: p.author, handle: p.author, followers: 10 },
        }),
        analysis: makeAnalysis({
          intent: { label: p.intent ?? "question", confidence: 0.8, scores: {} as never, explanation: "" },
          topic: { label: p.topic ?? "network", confidence: 0.6, explanation: "" },
        }),
        campaignIds: p.campaignIds ?? [],
      })),
    );
    return result.stored.map((s) => s.id);
  }

  /** Stores a batch, rolls it up and runs the per-post rules on it as the jobs do for its event. */
  async function batch(posts: Spec[]) {
    const ids = await ingest(posts);
    events += 1;
    const eventId = `00000000-0000-7000-8000-${String(events).padStart(12, "0")}`;
    await rollUpBatch(store, workspaceId, eventId, ids, now());
    const fired = await matchBatch(store, workspaceId, eventId, ids, now());
    return { ids, eventId, fired };
  }

  const alertsOf = async (ruleId: string) =>
    (await store.alerts.alerts(workspaceId, { limit: 100, ruleId })).reverse();

  it("a tag rule fires on the posts with that label and on no others", async () => {
    const complaints = await rule({ kind: "tag", label: "intent", value: "complaint" });
    const billing = await rule({ kind: "tag", label: "topic", value: "billing" });
    const { ids } = await batch([
      { author: "ann", intent: "complaint" },
      { author: "bo", intent: "praise" },
      { author: "cy", intent: "complaint", topic: "billing" },
    ]);
    const [c] = await alertsOf(complaints.id);
    expect(c?.status).toBe("fired");
    expect(c?.postIds.sort()).toEqual([ids[0], ids[2]].sort());
    expect(c?.why.summary).toMatch(/^2 posts by 2 authors: intent is complaint/);
    const [b] = await alertsOf(billing.id);
    expect(b?.postIds).toEqual([ids[2]]);

    // A batch with nothing for either rule fires neither.
    await batch([{ author: "dee", intent: "question" }]);
    expect(await alertsOf(complaints.id)).toHaveLength(1);
    expect(await alertsOf(billing.id)).toHaveLength(1);
  });

  it("a VIP rule fires on a campaign's VIP authors and on VIP customers, not on others", async () => {
    const campaign = await store.campaigns.create(workspaceId, {
      name: "Care",
      query: "lumenhelp",
      vipAuthors: ["@BigVoice"],
    });
    const vip = await rule({ kind: "vip" }, 0);
    const { ids } = await batch([
      { author: "bigvoice", campaignIds: [campaign.id] },
      { author: "somebody", campaignIds: [campaign.id] },
      // Not on any list the post's campaigns hold.
      { author: "bigvoice2" },
    ]);
    const [a] = await alertsOf(vip.id);
    expect(a?.postIds).toEqual([ids[0]]);
    expect(a?.why.topAuthors).toEqual([{ handle: "bigvoice", posts: 1 }]);

    // A profile confirmed as a VIP-tier customer's is a VIP author; a standard customer's is not.
    const user = await store.users.create({
      workspaceId,
      email: "agent@example.com",
      name: "Agent",
      role: "agent",
      passwordHash: "x",
    });
    const fields = {
      externalId: null,
      name: null,
      emails: [],
      phones: [],
      handles: {},
      orders: [],
      location: null,
      language: null,
      consent: DEFAULT_CONSENT,
      customFields: {},
    };
    const gold = await store.customers.create(workspaceId, { ...fields, tier: "vip" });
    const plain = await store.customers.create(workspaceId, { ...fields, tier: "standard" });
    for (const [customer, handle] of [
      [gold, "vipcustomer"],
      [plain, "plaincustomer"],
    ] as const) {
      await ingest([{ author: handle }]);
      const author = await store.customers.authorByPlatformId(workspaceId, "x", handle);
      await store.customers.confirmPair(
        workspaceId,
        { customerId: customer.id, authorId: author!.id },
        user.id,
        now(),
      );
    }
    const second = await batch([{ author: "vipcustomer" }, { author: "plaincustomer" }]);
    const [, b] = await alertsOf(vip.id);
    expect(b?.postIds).toEqual([second.ids[0]]);
  });

  it("a keyword rule matches whole words and phrases on normalised text", async () => {
    const outage = await rule({ kind: "keyword", keywords: ["outage", "no signal", "Wi-Fi"] });
    const { ids } = await batch([
      { author: "ann", text: "Total OUTAGE downtown!" },
      { author: "bo", text: "my phone has NO   signal since noon" },
      { author: "cy", text: "the wifi is fine, no problem with the signal" },
      { author: "dee", text: "outages happen" },
      { author: "eve", text: "wi-fi keeps dropping" },
    ]);
    const [a] = await alertsOf(outage.id);
    expect(a?.postIds.sort()).toEqual([ids[0], ids[1], ids[4]].sort());
    expect(a?.why.topTerms.map((t) => t.term).sort()).toEqual(["Wi-Fi", "no signal", "outage"]);
  });

  it("stores one alert per rule and event, however often the job runs", async () => {
    const r = await rule({ kind: "tag", label: "intent", value: "complaint" }, 0);
    const { ids, eventId } = await batch([{ author: "ann", intent: "complaint" }]);
    expect(await matchBatch(store, workspaceId, eventId, ids, now())).toBe(0);
    const list = await alertsOf(r.id);
    expect(list).toHaveLength(1);
    expect(await store.alerts.deliveries(list.map((a) => a.id))).toHaveLength(1);
  });

  it("holds alerts back in the quiet period, counts them, and tells the next alert", async () => {
    const r = await rule({ kind: "tag", label: "intent", value: "complaint" }, 30);
    await batch([{ author: "ann", intent: "complaint" }]);
    clock.advance(10 * 60_000);
    await batch([{ author: "bo", intent: "complaint" }]);
    clock.advance(10 * 60_000);
    await batch([{ author: "cy", intent: "complaint" }]);
    let list = await alertsOf(r.id);
    expect(list.map((a) => a.status)).toEqual(["fired", "suppressed", "suppressed"]);
    // Held back: no delivery was queued for them.
    expect(await store.alerts.deliveries(list.slice(1).map((a) => a.id))).toEqual([]);

    clock.advance(11 * 60_000);
    await batch([{ author: "dee", intent: "complaint" }]);
    list = await alertsOf(r.id);
    expect(list.map((a) => a.status)).toEqual(["fired", "suppressed", "suppressed", "fired"]);
    expect(list[3]?.suppressedBefore).toBe(2);
    expect((await store.alerts.rule(workspaceId, r.id))?.lastFiredAt?.getTime()).toBe(clock.now());
  });

  it("a threshold counts distinct authors in its window: one loud author does not trip it, many do", async () => {
    const r = await rule(
      { kind: "threshold", dimension: "intent", value: "complaint", windowHours: 3, authors: 4 },
      0,
    );
    // Thirty complaints from one author, and a few from others, in the window.
    await batch([
      ...Array.from({ length: 30 }, () => ({ author: "loud", intent: "complaint" as const })),
      { author: "ann", intent: "complaint" },
      { author: "bo", intent: "complaint", at: clock.now() - 2 * HOUR },
      // Outside the window (three hours back from the end of this hour).
      { author: "old1", intent: "complaint", at: clock.now() - 4 * HOUR },
      { author: "old2", intent: "complaint", at: clock.now() - 4 * HOUR },
      // Inside, but another intent.
      { author: "q1", intent: "question" },
      { author: "q2", intent: "question" },
    ]);
    expect(await judgeWindows(store, now())).toBe(0);
    expect(await alertsOf(r.id)).toEqual([]);

    await batch([
      { author: "cy", intent: "complaint" },
      { author: "dee", intent: "complaint", at: clock.now() - HOUR },
    ]);
    expect(await judgeWindows(store, now())).toBe(1);
    const [a] = await alertsOf(r.id);
    expect(a?.why).toMatchObject({ authors: 5, threshold: 4 });
    expect(a?.why.summary).toMatch(/^5 distinct authors \(34 posts\) in 3 h/);
    expect(a?.why.topAuthors[0]).toEqual({ handle: "loud", posts: 30 });
    // The round repeating in the same hour adds nothing.
    clock.advance(5 * 60_000);
    expect(await judgeWindows(store, now())).toBe(0);
  });

  it("case does not matter: a keyword in capitals, a tag and a threshold value in another case still match", async () => {
    const keyword = await rule({ kind: "keyword", keywords: ["Rückerstattung"] }, 0);
    const tag = await rule({ kind: "tag", label: "topic", value: "BILLING" }, 0);
    const threshold = await rule(
      { kind: "threshold", dimension: "topic", value: "Billing", windowHours: 1, authors: 2 },
      0,
    );
    const { ids } = await batch([
      { author: "ann", text: "WO BLEIBT MEINE RÜCKERSTATTUNG", topic: "billing" },
      { author: "bo", text: "rückerstattung, bitte", topic: "billing" },
      { author: "cy", text: "Ruckerstattung ohne Umlaut", topic: "billing" },
    ]);
    expect((await alertsOf(keyword.id))[0]?.postIds.sort()).toEqual([ids[0], ids[1]].sort());
    expect((await alertsOf(tag.id))[0]?.postIds.sort()).toEqual([...ids].sort());
    expect(await judgeWindows(store, now())).toBe(1);
    const [a] = await alertsOf(threshold.id);
    expect(a?.why).toMatchObject({ authors: 3, threshold: 2 });
    // The posts behind it are found with the rollup's own key.
    expect(a?.postIds).toHaveLength(3);
  });

  it("a spike rule fires when an hour stands far above the usual for that hour of the week", async () => {
    const any = await rule({ kind: "spike", dimension: "topic", value: null }, 0);
    const other = await rule({ kind: "spike", dimension: "topic", value: "billing" }, 0);
    const hour = Math.floor(clock.now() / HOUR) * HOUR;
    // The same hour of the four weeks before: two authors each.
    for (let w = 1; w <= 4; w++) {
      await batch([
        { author: `u${w}a`, topic: "network", at: hour - w * WEEK_HOURS * HOUR + 60_000 },
        { author: `u${w}b`, topic: "network", at: hour - w * WEEK_HOURS * HOUR + 120_000 },
      ]);
    }
    expect(await judgeWindows(store, now())).toBe(0);
    await batch(
      Array.from({ length: 14 }, (_, i) => ({
        author: `now${i}`,
        topic: "network",
        text: `the network mast near the station is down again (${i})`,
      })),
    );
    expect(await judgeWindows(store, now())).toBe(1);
    const [a] = await alertsOf(any.id);
    expect(a?.why).toMatchObject({ authors: 14, usual: 2, ratio: 7 });
    expect(a?.why.topTerms.map((t) => t.term)).toContain("network");
    expect(a?.why.topPosts.length).toBeGreaterThan(0);
    expect(await alertsOf(other.id)).toEqual([]);
  });

  it("a disabled rule fires nothing", async () => {
    const r = await rule({ kind: "tag", label: "intent", value: "complaint" });
    await store.alerts.updateRule(workspaceId, r.id, { enabled: false });
    const { fired } = await batch([{ author: "ann", intent: "complaint" }]);
    expect(fired).toBe(0);
    expect(await alertsOf(r.id)).toEqual([]);
  });
});

/** Agents teach the models: corrections, accept/discard decisions, taxonomy; trends count voices. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appBackends, type TestApp, testApp } from "../../test/support/app.ts";
import { makePost } from "../../test/support/factories.ts";
import type { PostView, WorkItemView } from "../domain/views.ts";

describe.each(appBackends)("learning from agents on $name", (backend) => {
  let t: TestApp;
  let admin: { cookie: string; userId: string };
  let agent: { cookie: string; userId: string };

  beforeAll(async () => {
    t = await testApp({ postgres: backend.postgres });
    admin = await t.signIn("admin");
    agent = await t.signIn("agent");
  });
  afterAll(async () => {
    await t.close();
  });

  const call = (method: "GET" | "POST" | "PUT", url: string, cookie: string, payload?: unknown) =>
    t.app.inject({
      method,
      url,
      headers: { cookie },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });

  async function ingestOne(
    text: string,
    handle = `author${Math.random().toString(36).slice(2, 7)}`,
  ): Promise<WorkItemView | PostView> {
    const post = makePost({
      text,
      createdAt: new Date(),
      author: { platform: "x", platformId: handle, handle, followers: 10 },
    });
    await t.core.pipeline.submit(t.workspaceId, [post]);
    const items = (await call("GET", "/api/work-items?state=new&limit=200", agent.cookie)).json()
      .items as WorkItemView[];
    const item = items.find((i) => i.post.platformId === post.platformId);
    if (item) return item;
    const posts = (await call("GET", "/api/posts?limit=500", agent.cookie)).json().items as PostView[];
    return posts.find((p) => p.platformId === post.platformId)!;
  }

  describe("corrections", () => {
    it("records the agent's correction on the post and refuses an empty one", async () => {
      const item = (await ingestOne("@lumenhelp my bill doubled this month, this is a joke")) as WorkItemView;
      const res = await call("POST", `/api/posts/${item.post.id}/corrections`, agent.cookie, {
        sentiment: "neutral",
      });
      expect(res.statusCode).toBe(200);
      expect(res.json().correction).toMatchObject({ sentiment: "neutral", by: { id: agent.userId } });
      const second = await call("POST", `/api/posts/${item.post.id}/corrections`, agent.cookie, {
        intent: "question",
      });
      expect(second.json().correction).toMatchObject({ sentiment: "neutral", intent: "question" });
      const empty = await call("POST", `/api/posts/${item.post.id}/corrections`, agent.cookie, {});
      expect(empty.json().error.code).toBe("validation_failed");
    });

    it("changes how later posts like the corrected ones are labelled", async () => {
      const text = (n: number) => `@lumenhelp can I add a second line to my plan for my daughter? ref ${n}`;
      const before = (await ingestOne(text(0))) as WorkItemView;
      const original = before.post.analysis!.intent.label;
      const wanted = original === "purchase_intent" ? "question" : "purchase_intent";
      const scoreBefore = before.post.analysis!.intent.scores[wanted];
      for (let i = 1; i <= 12; i++) {
        const post = await ingestOne(text(i));
        const id = "post" in post ? post.post.id : post.id;
        expect(
          (await call("POST", `/api/posts/${id}/corrections`, agent.cookie, { intent: wanted })).statusCode,
        ).toBe(200);
      }
      const after = await ingestOne(text(99));
      const analysis = ("post" in after ? after.post : after).analysis!;
      expect(analysis.intent.scores[wanted]).toBeGreaterThan(scoreBefore);
      expect(analysis.intent.label).toBe(wanted);
    });

    it("accepts a topic only from the workspace's taxonomy", async () => {
      const post = await ingestOne("@lumenhelp no signal at all in the city centre since noon, fix it");
      const postId = "post" in post ? post.post.id : post.id;
      const refused = await call("POST", `/api/posts/${postId}/corrections`, agent.cookie, {
        topic: "weather",
      });
      expect(refused.json().error.code).toBe("validation_failed");
      const set = await call("PUT", "/api/taxonomy", admin.cookie, { starter: "telecom" });
      expect(set.json().starter).toBe("telecom");
      const topic = set.json().topics[0];
      const ok = await call("POST", `/api/posts/${postId}/corrections`, agent.cookie, { topic });
      expect(ok.json().correction.topic).toBe(topic);
    });
  });

  describe("taxonomy", () => {
    it("trains a taxonomy from examples and labels later posts with its topics", async () => {
      const examples = [
        ...[
          "my bill is wrong",
          "charged twice on my invoice",
          "refund the extra charge",
          "billing error again",
        ].map((text) => ({ text, label: "billing" })),
        ...[
          "no signal at home",
          "network down in my area",
          "calls keep dropping",
          "no 4g coverage downtown",
        ].map((text) => ({ text, label: "network" })),
      ];
      const res = await call("PUT", "/api/taxonomy", admin.cookie, { examples });
      expect(res.json()).toMatchObject({ starter: null, topics: ["billing", "network"], examples: 8 });
      const item = (await ingestOne(
        "@lumenhelp I was charged twice on my bill, refund please",
      )) as WorkItemView;
      expect(item.post.analysis!.topic.label).toBe("billing");
      expect((await call("PUT", "/api/taxonomy", agent.cookie, { starter: "retail" })).statusCode).toBe(403);
      expect(
        (await call("PUT", "/api/taxonomy", admin.cookie, { starter: "astrology" })).json().error.code,
      ).toBe("validation_failed");
    });
  });

  describe("relevance filters", () => {
    it("learn each campaign's accepts and rejects from resolve and discard", async () => {
      const created = await call("POST", "/api/campaigns", admin.cookie, {
        name: "Lumen",
        query: "lumenhelp OR lumen",
      });
      const id = created.json().id;
      expect(created.json().relevance).toEqual({ decisions: 0, precision: null, recall: null });
      const keep = (await ingestOne("@lumenhelp my router keeps rebooting, help")) as WorkItemView;
      const noise = (await ingestOne(
        "@lumenhelp the lumen of the vessel was narrow, says the paper",
      )) as WorkItemView;
      expect(keep.post.campaignIds).toContain(id);
      await call("POST", `/api/work-items/${keep.id}/claim`, agent.cookie);
      await call("POST", `/api/work-items/${keep.id}/resolve`, agent.cookie);
      if ("state" in noise) {
        await call("POST", `/api/work-items/${noise.id}/claim`, agent.cookie);
        await call("POST", `/api/work-items/${noise.id}/discard`, agent.cookie, { reason: "irrelevant" });
      }
      const campaign = (await call("GET", `/api/campaigns/${id}`, agent.cookie)).json();
      expect(campaign.relevance.decisions).toBe("state" in noise ? 2 : 1);
    });
  });

  describe("priority weights", () => {
    it("are the documented defaults until an admin changes some, and change later posts' priority", async () => {
      const initial = (await call("GET", "/api/priority", agent.cookie)).json();
      expect(initial.weights).toEqual(initial.defaults);
      const text = "@lumenhelp thank you, the new plan works great";
      const before = await ingestOne(text);
      const priorityBefore = ("post" in before ? before.post : before).analysis!.priority;
      const set = await call("PUT", "/api/priority", admin.cookie, {
        intent: { praise: 0.9 },
        notActionableCap: 100,
      });
      expect(set.json().weights.intent.praise).toBe(0.9);
      expect(set.json().weights.intent.complaint).toBe(initial.defaults.intent.complaint);
      const after = await ingestOne(text);
      expect(("post" in after ? after.post : after).analysis!.priority).toBeGreaterThan(priorityBefore);
      expect((await call("PUT", "/api/priority", agent.cookie, { age: 0.5 })).statusCode).toBe(403);
      const bad = await call("PUT", "/api/priority", admin.cookie, { negativity: 7, shoeSize: 1 });
      expect(bad.json().error.code).toBe("validation_failed");
    });
  });

  describe("voices", () => {
    it("counts one author posting many times as one voice", async () => {
      const before = (await call("GET", "/api/insights/voices?days=30", agent.cookie)).json();
      for (let i = 0; i < 5; i++) await ingestOne(`@lumenhelp still no refund, day ${i}`, "loud_one");
      await ingestOne("@lumenhelp still no refund for me either", "quiet_one");
      const after = (await call("GET", "/api/insights/voices?days=30", agent.cookie)).json();
      expect(after.total.posts - before.total.posts).toBe(6);
      expect(after.total.authors - before.total.authors).toBe(2);
      expect(after.byIntent.length).toBeGreaterThan(0);
    });
  });
});

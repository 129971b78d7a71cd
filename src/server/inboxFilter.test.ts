/** Narrowing the inbox over HTTP: labels (a correction wins), platform, channel, language, words. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { appBackends, type TestApp, testApp } from "../../test/support/app.ts";
import { makeAnalysis, makePost } from "../../test/support/factories.ts";
import {
  type Analysis,
  INTENTS,
  type Intent,
  type SentimentLabel,
  type Urgency,
} from "../domain/analysis.ts";
import { type FilterablePost, type InboxFilter, matchesInboxFilter } from "../domain/inboxFilter.ts";
import type { Platform } from "../domain/post.ts";

interface Seed {
  text: string;
  handle: string;
  platform?: Platform;
  channel?: "public" | "private";
  language?: string;
  intent?: Intent;
  sentiment?: SentimentLabel;
  urgency?: Urgency;
}

function intentOf(label: Intent): Analysis["intent"] {
  const scores = Object.fromEntries(INTENTS.map((i) => [i, i === label ? 0.8 : 0.03])) as Record<
    Intent,
    number
  >;
  return { label, confidence: 0.8, scores, explanation: "" };
}

const SEEDS: Seed[] = [
  { text: "@lumenhelp refund my double charge now", handle: "maria_k", intent: "complaint", urgency: "high" },
  { text: "@lumenhelp how do I port my number?", handle: "paul", intent: "question", sentiment: "neutral" },
  {
    text: "@lumenhelp pourquoi ma facture a doublé ? 100%_sûr",
    handle: "claire",
    language: "fr",
    intent: "question",
    platform: "mastodon",
  },
  { text: "Lumen support was quick, thanks!", handle: "jo", intent: "praise", sentiment: "positive" },
  { text: "my order 5521 never arrived", handle: "MariaLopez", channel: "private", platform: "email" },
];

describe.each(appBackends)("the inbox filter on $name", ({ postgres }) => {
  let t: TestApp;
  let agent: { cookie: string };
  const ids = new Map<string, string>();

  beforeEach(async () => {
    t = await testApp({ postgres });
    agent = await t.signIn("agent");
    const result = await t.core.store.ingest(
      t.workspaceId,
      SEEDS.map((seed) => ({
        post: makePost({
          text: seed.text,
          platform: seed.platform ?? "x",
          channel: seed.channel ?? "public",
          author: {
            platform: seed.platform ?? "x",
            platformId: seed.handle,
            handle: seed.handle,
            followers: 5,
          },
        }),
        analysis: makeAnalysis({
          language: seed.language ?? "en",
          intent: intentOf(seed.intent ?? "complaint"),
          sentiment: { label: seed.sentiment ?? "negative", score: 0, confidence: 0.7, explanation: "" },
          urgency: { level: seed.urgency ?? "normal", confidence: 0.6, explanation: "" },
        }),
        campaignIds: [],
      })),
    );
    for (const [i, stored] of result.stored.entries()) ids.set(SEEDS[i]!.handle, stored.id);
  });
  afterEach(async () => {
    await t.close();
  });

  /** The handles of the open items the query returns, sorted. */
  async function handles(query: string): Promise<string[]> {
    const res = await t.app.inject({
      method: "GET",
      url: `/api/work-items?state=new,reserved&${query}`,
      headers: { cookie: agent.cookie },
    });
    expect(res.statusCode, res.body).toBe(200);
    return res
      .json()
      .items.map((item: { post: { author: { handle: string } } }) => item.post.author.handle)
      .sort();
  }

  it("narrows by labels, platform, channel and language, each list an OR and the fields an AND", async () => {
    expect(await handles("")).toEqual(["MariaLopez", "claire", "jo", "maria_k", "paul"]);
    expect(await handles("intent=question")).toEqual(["claire", "paul"]);
    expect(await handles("intent=question,praise")).toEqual(["claire", "jo", "paul"]);
    expect(await handles("intent=question&language=fr")).toEqual(["claire"]);
    expect(await handles("platform=mastodon,email")).toEqual(["MariaLopez", "claire"]);
    expect(await handles("channel=private")).toEqual(["MariaLopez"]);
    expect(await handles("urgency=high")).toEqual(["maria_k"]);
    expect(await handles("sentiment=positive,neutral")).toEqual(["jo", "paul"]);
    expect(await handles("intent=complaint&channel=public")).toEqual(["maria_k"]);
  });

  it("finds every word of a search in the text or the handle, in any case, with % and _ as plain characters", async () => {
    expect(await handles("q=maria")).toEqual(["MariaLopez", "maria_k"]);
    expect(await handles("q=REFUND%20charge")).toEqual(["maria_k"]);
    expect(await handles("q=refund%20arrived")).toEqual([]);
    expect(await handles("q=%40paul")).toEqual(["paul"]);
    expect(await handles(`q=${encodeURIComponent("100%_")}`)).toEqual(["claire"]);
    expect(await handles(`q=${encodeURIComponent("%")}`)).toEqual(["claire"]);
    expect(await handles("q=5521&channel=private")).toEqual(["MariaLopez"]);
  });

  it("filters by the shown label: an agent's correction wins over the model", async () => {
    await t.core.store.posts.setCorrection(t.workspaceId, ids.get("jo")!, {
      intent: "feedback",
      by: { id: "00000000-0000-4000-8000-000000000001", name: "Dana" },
      at: new Date().toISOString(),
    });
    expect(await handles("intent=praise")).toEqual([]);
    expect(await handles("intent=feedback")).toEqual(["jo"]);
  });

  it("answers the same as the web app's matcher for live arrivals", async () => {
    const res = await t.app.inject({
      method: "GET",
      url: "/api/work-items?state=new,reserved",
      headers: { cookie: agent.cookie },
    });
    const items: { post: FilterablePost }[] = res.json().items;
    const cases: [string, InboxFilter][] = [
      ["intent=question", { intents: ["question"] }],
      ["q=maria", { words: ["maria"] }],
      ["platform=mastodon&language=fr", { platforms: ["mastodon"], languages: ["fr"] }],
      ["sentiment=negative&channel=public", { sentiments: ["negative"], channel: "public" }],
    ];
    for (const [query, filter] of cases) {
      const local = items
        .filter((item) => matchesInboxFilter(item.post, filter))
        .map((item) => item.post.author.handle)
        .sort();
      expect(local, query).toEqual(await handles(query));
    }
  });

  it("refuses an unknown label or a malformed language with a clear error", async () => {
    for (const query of ["intent=angry", "urgency=soon", "language=English", "platform=myspace"]) {
      const res = await t.app.inject({
        method: "GET",
        url: `/api/work-items?${query}`,
        headers: { cookie: agent.cookie },
      });
      expect(res.statusCode, query).toBe(400);
      expect(res.json().error.code, query).toBe("validation_failed");
    }
  });

  describe("saved views", () => {
    const call = (method: "GET" | "PUT" | "DELETE", url: string, cookie: string, payload?: object) =>
      t.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });
    const view = (narrow: Record<string, string>, mine = false) => ({ narrow, mine, sort: "priority" });

    it("keeps each user's own views by name, replacing one saved again under its name", async () => {
      const other = await t.signIn("agent");
      const saved = await call("PUT", "/api/saved-views", agent.cookie, {
        name: "French questions",
        view: view({ intent: "question", language: "fr" }),
      });
      expect(saved.statusCode, saved.body).toBe(200);
      await call("PUT", "/api/saved-views", agent.cookie, {
        name: "Mine, urgent",
        view: view({ urgency: "high" }, true),
      });
      const again = await call("PUT", "/api/saved-views", agent.cookie, {
        name: "French questions",
        view: view({ intent: "question,complaint", language: "fr" }),
      });
      expect(again.json().id).toBe(saved.json().id);

      const listed = (await call("GET", "/api/saved-views", agent.cookie)).json().items;
      expect(listed.map((v: { name: string; view: unknown }) => [v.name, v.view])).toEqual([
        ["French questions", view({ intent: "question,complaint", language: "fr" })],
        ["Mine, urgent", view({ urgency: "high" }, true)],
      ]);
      // The saved filter is the list's own query: it returns what the inbox would.
      const query = new URLSearchParams(listed[0].view.narrow).toString();
      expect(await handles(query)).toEqual(["claire"]);

      expect((await call("GET", "/api/saved-views", other.cookie)).json().items).toEqual([]);
      const foreign = await call("DELETE", `/api/saved-views/${saved.json().id}`, other.cookie);
      expect(foreign.statusCode).toBe(404);
      expect((await call("DELETE", `/api/saved-views/${saved.json().id}`, agent.cookie)).statusCode).toBe(
        204,
      );
      expect((await call("GET", "/api/saved-views", agent.cookie)).json().items).toHaveLength(1);
    });

    it("refuses a view whose filter the inbox would refuse, an empty name, and more than 50 views", async () => {
      for (const body of [
        { name: "Angry", view: view({ intent: "angry" }) },
        { name: "Odd field", view: view({ colour: "red" }) },
        { name: "   ", view: view({}) },
      ]) {
        const res = await call("PUT", "/api/saved-views", agent.cookie, body);
        expect(res.statusCode, body.name).toBe(400);
        expect(res.json().error.code).toBe("validation_failed");
      }
      for (let i = 0; i < 50; i++) {
        const res = await call("PUT", "/api/saved-views", agent.cookie, {
          name: `View ${i}`,
          view: view({}),
        });
        expect(res.statusCode).toBe(200);
      }
      const over = await call("PUT", "/api/saved-views", agent.cookie, { name: "One more", view: view({}) });
      expect(over.statusCode).toBe(409);
      expect(over.json().error.code).toBe("too_many_saved_views");
      // Saving again under a name already kept is still allowed.
      const replaced = await call("PUT", "/api/saved-views", agent.cookie, {
        name: "View 3",
        view: view({ q: "refund" }),
      });
      expect(replaced.statusCode).toBe(200);
    });
  });
});

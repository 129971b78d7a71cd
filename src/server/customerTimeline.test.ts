/**
 * The customer timeline holds every kind of history, on both stores: posts, emails (posts from
 * email sources), the work items they opened, agents' notes on those items, the brand's replies,
 * and survey invitations and answers; and notes over HTTP (added, listed, refused when empty).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { appBackends, type TestApp, testApp } from "../../test/support/app.ts";
import { makePost } from "../../test/support/factories.ts";
import { sql } from "../store/orm.ts";

describe.each(appBackends)("the customer timeline on $name", ({ postgres }) => {
  let t: TestApp;
  let agent: { cookie: string; userId: string };

  beforeEach(async () => {
    t = await testApp({ postgres });
    agent = await t.signIn("agent");
  });
  afterEach(async () => {
    await t.close();
  });

  const call = (method: "GET" | "POST", url: string, payload?: object, cookie = agent.cookie) =>
    t.app.inject({ method, url, headers: { cookie }, ...(payload === undefined ? {} : { payload }) });

  async function authorOf(platform: string, platformId: string): Promise<string> {
    const row = await t.core.store.customers.authorByPlatformId(t.workspaceId, platform, platformId);
    if (!row) throw new Error("no author");
    return row.id;
  }

  async function itemOf(postPlatformId: string) {
    const items = await t.core.store.views.workItems(t.workspaceId, { limit: 50 });
    const item = items.find((i) => i.post.platformId === postPlatformId);
    if (!item) throw new Error("no work item");
    return item;
  }

  it("shows posts, emails, work items, notes and survey invitations and answers with their kinds", async () => {
    const xPost = makePost({
      platformId: "x-1",
      author: { platform: "x", platformId: "x-ada", handle: "ada_o" },
      text: "@lumenhelp my bill doubled this month",
    });
    const email = makePost({
      platform: "email",
      platformId: "<m1@example.org>",
      channel: "private",
      author: { platform: "email", platformId: "ada@example.org", handle: "ada@example.org", name: "Ada O" },
      text: "Hello, I wrote on X about my bill: it doubled. Please call me.",
      mentions: [],
    });
    await t.core.pipeline.submit(t.workspaceId, [xPost, email], { requireMatch: false });
    const customer = (
      await call("POST", "/api/customers", { externalId: "CRM-ADA", name: "Ada Okafor" })
    ).json();
    for (const [platform, id] of [
      ["x", "x-ada"],
      ["email", "ada@example.org"],
    ] as const) {
      const linked = await call("POST", `/api/authors/${await authorOf(platform, id)}/links`, {
        customerId: customer.id,
      });
      expect(linked.statusCode, linked.body).toBe(201);
    }

    // An agent's note on the X item; empty and unstorable notes are refused and write nothing.
    const item = await itemOf("x-1");
    const note = await call("POST", `/api/work-items/${item.id}/notes`, {
      text: "  Billing confirmed the double charge  ",
    });
    expect(note.statusCode, note.body).toBe(201);
    expect(note.json()).toMatchObject({
      text: "Billing confirmed the double charge",
      author: { id: agent.userId },
    });
    expect((await call("POST", `/api/work-items/${item.id}/notes`, { text: "   " })).json().error.code).toBe(
      "validation_failed",
    );
    expect(
      (await call("POST", `/api/work-items/${item.id}/notes`, { text: "bad \u0000 byte" })).json().error.code,
    ).toBe("invalid_encoding");
    const notes = (await call("GET", `/api/work-items/${item.id}/notes`)).json().items;
    expect(notes.map((n: { text: string }) => n.text)).toEqual(["Billing confirmed the double charge"]);
    const analyst = (await t.signIn("analyst")).cookie;
    expect((await call("GET", `/api/work-items/${item.id}/notes`, undefined, analyst)).statusCode).toBe(403);

    // A survey invitation in the X thread, answered there by the customer.
    const xAuthor = await authorOf("x", "x-ada");
    const invited = await t.core.store.engagement.surveys.create({
      workspaceId: t.workspaceId,
      workItemId: item.id,
      conversationId: item.conversationId,
      authorId: xAuthor,
      agentUserId: agent.userId,
      queue: null,
      replyId: null,
      invitedAt: new Date(Date.UTC(2026, 10, 1, 13, 0, 0)),
    });
    expect(invited).not.toBeNull();
    const answer = makePost({
      platformId: "x-2",
      author: { platform: "x", platformId: "x-ada", handle: "ada_o" },
      text: "5",
      replyToPlatformId: "x-1",
      createdAt: new Date(Date.UTC(2026, 10, 1, 14, 0, 0)),
      mentions: [],
    });
    await t.core.pipeline.submit(t.workspaceId, [answer], { requireMatch: false });
    const [answerRow] = await t.core.database.rows<{ id: string }>(
      sql`select id from posts where platform_id = ${"x-2"}`,
    );
    expect(await t.core.services.surveys.readAnswers(t.workspaceId, [answerRow!.id])).toBe(1);

    const timeline = (await call("GET", `/api/customers/${customer.id}/timeline`)).json().items as {
      kind: string;
      text: string;
      detail: string;
      platform: string;
    }[];
    const kinds = new Set(timeline.map((e) => e.kind));
    for (const kind of ["post", "email", "work_item", "note", "survey_invitation", "survey_answer"])
      expect(kinds, kind).toContain(kind);
    expect(timeline.find((e) => e.kind === "email")).toMatchObject({ platform: "email", text: email.text });
    expect(timeline.find((e) => e.kind === "note")).toMatchObject({
      text: "Billing confirmed the double charge",
      platform: "x",
    });
    expect(timeline.find((e) => e.kind === "survey_answer")).toMatchObject({ detail: "5/5", text: "5" });
    expect(timeline.find((e) => e.kind === "survey_invitation")).toMatchObject({ detail: "answered" });
    // X posts stay posts: only the email source's are emails.
    expect(timeline.filter((e) => e.kind === "post").every((e) => e.platform === "x")).toBe(true);
  });
});

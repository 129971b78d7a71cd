import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appBackends, type TestApp, testApp } from "../../test/support/app.ts";
import { makePost } from "../../test/support/factories.ts";
import { openLive } from "../../test/support/live.ts";

const EMAIL = "jane.doe@mail.example.com";
const PHONE = "415 555 0100";
const CARD = "4111111111111111";

/** A post with personal data in every field a person could put it in. */
let n = 0;
const exposed = () =>
  makePost({
    platformId: `msg-${Math.random().toString(36).slice(2)}@${EMAIL.split("@")[1]}`,
    text: `@lumenhelp charge on card ${CARD}, mail ${EMAIL}`,
    url: `https://x.com/jane/status/${++n}?mail=${EMAIL}&card=${CARD}`,
    author: {
      platform: "x",
      platformId: `u-${Math.random().toString(36).slice(2)}`,
      handle: EMAIL,
      name: `Jane +1 ${PHONE}`,
    },
  });

function expectNoPersonalData(body: string) {
  expect(body).not.toContain(EMAIL);
  expect(body).not.toContain(PHONE);
  expect(body).not.toContain(CARD);
}

describe.each(appBackends)("personal data for analysts on $name", (backend) => {
  let t: TestApp;
  let analyst: { cookie: string };
  let agent: { cookie: string };

  beforeAll(async () => {
    t = await testApp({ postgres: backend.postgres });
    analyst = await t.signIn("analyst");
    agent = await t.signIn("agent");
    await t.core.pipeline.submit(t.workspaceId, [exposed()]);
  });
  afterAll(async () => {
    await t.close();
  });

  const get = (url: string, cookie: string) => t.app.inject({ method: "GET", url, headers: { cookie } });

  it("is redacted from every field on every route that shows posts", async () => {
    const list = await get("/api/work-items?limit=200", analyst.cookie);
    const item = list.json().items[0];
    expect(item.post.author.handle).toBe("[email]");
    expect(item.post.author.name).toBe("Jane [phone]");
    expect(item.post.url).toMatch(/^https:\/\/x\.com\/jane\/status\/\d+\?mail=\[email\]&card=\[card\]$/);
    const bodies = [
      list.body,
      (await get(`/api/work-items/${item.id}`, analyst.cookie)).body,
      (await get(`/api/conversations/${item.conversationId}`, analyst.cookie)).body,
      (await get("/api/posts?limit=500", analyst.cookie)).body,
      (await get(`/api/posts/${item.post.id}`, analyst.cookie)).body,
    ];
    for (const body of bodies) expectNoPersonalData(body);
  });

  it("is shown whole to the agents who answer the customer", async () => {
    const item = (await get("/api/work-items?limit=200", agent.cookie)).json().items[0];
    expect(item.post.author.handle).toBe(EMAIL);
    expect(item.post.url).toContain(CARD);
  });

  it("is redacted from the live socket", async () => {
    const live = await openLive(t.app, { cookie: analyst.cookie });
    await live.next((m) => m.type === "hello");
    await t.core.pipeline.submit(t.workspaceId, [exposed()]);
    const event = await live.next((m) => m.type === "work_item.created");
    live.close();
    expectNoPersonalData(JSON.stringify(event));
    expect((event.workItem as { post: { author: { handle: string } } }).post.author.handle).toBe("[email]");
  });
});

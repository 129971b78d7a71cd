import { describe, expect, test } from "vitest";
import { DEMO_USER } from "../../src/services/demo.ts";
import { startFakeMastodon } from "../support/fakeMastodon.ts";
import { seriousViolations } from "./axe.ts";
import { DEMO_BRAND_HANDLE, demoPost } from "./demoPosts.ts";
import { type BrowserSession, RESULTS, useBrowserSession } from "./session.ts";
import { DEMO_AGENT, signIn } from "./signIn.ts";

/** A customer's post arriving through the demo workspace's source, which can answer. */
async function throughDemoSource(session: BrowserSession, text: string): Promise<void> {
  const { store, pipeline } = session.parley.core;
  const workspace = (await store.workspaces.list()).find((w) => w.demo)!;
  const source = (await store.sources.list(workspace.id)).find((s) => s.kind === "demo")!;
  await pipeline.submit(workspace.id, [demoPost(text)], { requireMatch: false, sourceId: source.id });
}

describe("answering in the channel, in the browser", () => {
  const session = useBrowserSession();

  test("an agent claims an item, writes a reply with its character count, and sees it sent into the thread", async () => {
    await signIn(session.page, session.url, DEMO_AGENT);
    const marker = `e2e-reply-${Date.now()}`;
    await throughDemoSource(
      session,
      `@${DEMO_BRAND_HANDLE} ${marker} my line has been dead since 8am, help!`,
    );
    const row = session.page.locator(".inbox-row", { hasText: marker });
    await row.waitFor({ timeout: 15_000 });
    await row.locator(".row-link").click();

    const composer = session.page.getByRole("textbox", { name: "Reply to @e2e_customer" });
    await composer.waitFor();
    expect(await composer.isDisabled()).toBe(true);
    await session.page.getByRole("button", { name: /^Claim/ }).click();
    await session.page.waitForFunction(
      () => !(document.querySelector(".composer__text") as HTMLTextAreaElement | null)?.disabled,
    );
    const answer =
      "Sorry to hear that! 🙏 We are checking the line now and will message you within the hour.";
    await composer.fill(answer);
    expect(await session.page.locator(".composer__count").textContent()).toBe(`${[...answer].length} / 500`);
    await composer.fill("x".repeat(501));
    expect(await session.page.getByRole("button", { name: "Send" }).isDisabled()).toBe(true);
    await composer.fill(answer);
    await session.page.getByRole("button", { name: "Send" }).click();

    await session.page.locator(".reply-state--sent").waitFor({ timeout: 15_000 });
    // The reply is the brand's post in the thread now.
    await session.page
      .locator(".conversation__thread", { hasText: "We are checking the line now" })
      .waitFor();
    await session.page.screenshot({ path: `${RESULTS}reply-sent.png` });
  });

  test("a post that repeats another's words and a quote post say what they are grouped with, the original how often it was shared", async () => {
    await signIn(session.page, session.url, DEMO_AGENT);
    const marker = `e2e-copy-${Date.now()}`;
    const words = `@${DEMO_BRAND_HANDLE} ${marker} my router keeps dropping the connection every evening`;
    const first = demoPost(words, { url: "https://demo.example/posts/first" });
    await session.parley.ingest([first]);
    const other = { platform: "demo" as const, platformId: "e2e-other", handle: "e2e_other" };
    await session.parley.ingest([
      demoPost(`${words}!`, { author: other }),
      demoPost(`@${DEMO_BRAND_HANDLE} ${marker} quoting this, same for me`, {
        author: { ...other, platformId: "e2e-third", handle: "e2e_third" },
        quotes: { platformId: "not-held-here" },
      }),
    ]);
    const rows = session.page.locator(".inbox-row", { hasText: marker });
    await rows.nth(2).waitFor({ timeout: 15_000 });
    await session.page
      .locator(".inbox-row", { hasText: `${marker} my router keeps dropping the connection every evening!` })
      .locator(".row-link")
      .click();
    const note = session.page.locator(".conversation__thread .post__original");
    await note.waitFor();
    expect(await note.textContent()).toBe("Repeats the words of an earlier post (open the original)");
    expect(await note.locator("a").getAttribute("href")).toBe("https://demo.example/posts/first");
    expect(await seriousViolations(session.page)).toEqual([]);
    await session.page.goBack();
    await session.page
      .locator(".inbox-row", { hasText: `${marker} quoting this` })
      .locator(".row-link")
      .click();
    await session.page
      .locator(".conversation__thread .post__original", {
        hasText: "Quotes a post that Parley does not hold",
      })
      .waitFor();

    // The original says how often it was shared, in its inbox row and in its thread (the quote's
    // original is another post, not held here).
    await session.page.goBack();
    await session.page.reload();
    const shared = session.page.locator(".inbox-row", { hasText: marker }).locator(".shared");
    await shared.first().waitFor({ timeout: 15_000 });
    expect(await shared.allTextContents()).toEqual(["Shared 1 time"]);
    await session.page
      .locator(".inbox-row", { hasText: marker, has: session.page.locator(".shared") })
      .locator(".row-link")
      .click();
    const sharedNote = session.page.locator(".conversation__thread .post__shared");
    await sharedNote.waitFor();
    expect(await sharedNote.textContent()).toBe("Shared 1 time");
    expect(await seriousViolations(session.page)).toEqual([]);
  });

  test("an imported conversation says it cannot be answered in its channel", async () => {
    await signIn(session.page, session.url, DEMO_AGENT);
    const marker = `e2e-import-${Date.now()}`;
    await session.parley.ingest([demoPost(`@${DEMO_BRAND_HANDLE} ${marker} my bill is wrong again`)]);
    const row = session.page.locator(".inbox-row", { hasText: marker });
    await row.waitFor({ timeout: 15_000 });
    await row.locator(".row-link").click();
    const note = session.page.locator(".panel--reply [role=note]");
    await note.waitFor();
    expect(await note.textContent()).toMatch(/imported/);
    expect(await session.page.locator(".composer__text").count()).toBe(0);
  });

  test("an admin adds a Mastodon account, a mention arrives, and the answer goes out to the instance", async () => {
    const fake = await startFakeMastodon();
    try {
      const { page } = session;
      const marker = `e2e-masto-${Date.now()}`;
      const question = fake.publish({ text: `@lumenhelp ${marker} is 5G down in Leeds?`, by: "leeds_lou" });
      await signIn(page, session.url, DEMO_USER);
      await page.getByRole("link", { name: "Sources" }).click();
      await page.getByLabel("Kind").selectOption("mastodon");
      await page.getByLabel("Name").fill("Lumen on Mastodon");
      await page.getByLabel("Instance address").fill(fake.url);
      await page.getByLabel("Access token").fill(fake.token);
      await page.getByLabel(/Allow addresses on private networks/).check();
      await page.getByRole("button", { name: "Add source" }).click();
      await page.locator(".sources tbody tr", { hasText: "Lumen on Mastodon" }).waitFor();

      await page.getByRole("link", { name: "Inbox" }).click();
      const row = page.locator(".inbox-row", { hasText: marker });
      await row.waitFor({ timeout: 20_000 });
      await row.locator(".row-link").click();
      await page.getByRole("button", { name: /^Claim/ }).click();
      const composer = page.getByRole("textbox", { name: "Reply to @leeds_lou" });
      await page.waitForFunction(
        () => !(document.querySelector(".composer__text") as HTMLTextAreaElement | null)?.disabled,
      );
      await composer.fill("Yes, a mast is down; we expect it back by 6pm.");
      await page.getByRole("button", { name: "Send" }).click();
      await page.locator(".reply-state--sent").waitFor({ timeout: 15_000 });
      const sent = [...fake.statuses.values()].filter((s) => s.account.id === fake.brand.id);
      expect(sent.map((s) => [s.in_reply_to_id, s.visibility])).toEqual([[question.id, "public"]]);
      expect(await page.locator(".reply a").getAttribute("href")).toBe(sent[0]!.url);
      await page.screenshot({ path: `${RESULTS}reply-mastodon.png` });
    } finally {
      await fake.close();
    }
  });
});

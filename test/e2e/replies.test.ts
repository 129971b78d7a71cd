import { describe, expect, test } from "vitest";
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
});

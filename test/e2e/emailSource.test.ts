/** Adding a mailbox on the Sources page, with its connection test, against Dovecot and Postfix on 127.0.0.1. */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DEMO_USER } from "../../src/services/demo.ts";
import { type MailServers, startMailServers } from "../support/mailServers.ts";
import { RESULTS, useBrowserSession } from "./session.ts";
import { signIn } from "./signIn.ts";

const brand = { user: "brand", password: "brand-pass", address: "help@lumen.test" };

describe("the email source form in the browser", () => {
  const session = useBrowserSession();
  let servers: MailServers;
  beforeAll(async () => {
    servers = await startMailServers({ mailboxes: [brand] });
  }, 60_000);
  afterAll(async () => {
    await servers?.stop();
  });

  test("an admin tests a mailbox's settings, sees what was found and what was wrong, and adds it", async () => {
    const { page } = session;
    await signIn(page, session.url, DEMO_USER);
    await page.getByRole("link", { name: "Sources" }).click();
    await page.getByRole("heading", { name: "Sources" }).waitFor();
    await page.getByLabel("Kind").selectOption("email");
    await page.getByLabel("Name", { exact: true }).fill("Help mailbox");
    const imap = page.getByRole("group", { name: "Incoming mail (IMAP)" });
    await imap.getByLabel("IMAP server").fill("127.0.0.1");
    await imap.getByLabel("Port").fill(String(servers.imapPort));
    await imap.getByLabel("Encryption").selectOption("none");
    await imap.getByLabel("User").fill(brand.user);
    await imap.getByLabel("Password").fill("a wrong password");
    const smtp = page.getByRole("group", { name: "Replies (SMTP)" });
    await smtp.getByLabel("SMTP server").fill("127.0.0.1");
    await smtp.getByLabel("Port").fill(String(servers.smtpPort));
    await smtp.getByLabel("Encryption").selectOption("none");
    await smtp.getByLabel("From address").fill(brand.address);

    await page.getByRole("button", { name: "Test connection" }).click();
    const problems = page.locator(".connection-check__problem");
    await problems.first().waitFor({ timeout: 20_000 });
    expect(await problems.allTextContents()).toEqual([
      expect.stringMatching(/refused the login/),
      expect.stringMatching(/refused the login/),
    ]);

    await imap.getByLabel("Password").fill(brand.password);
    await page.getByRole("button", { name: "Test connection" }).click();
    const ok = page.locator(".connection-check--ok");
    await ok.waitFor({ timeout: 20_000 });
    const lines = await ok.locator("li").allTextContents();
    expect(lines[0]).toMatch(/logged in as brand; INBOX holds 0 messages/);
    expect(lines).toContain("The server pushes new mail (IDLE)");
    await page.screenshot({ path: `${RESULTS}email-source.png`, fullPage: true });

    await page.getByRole("button", { name: "Add source" }).click();
    const row = page.locator(".sources tbody tr", { hasText: "Help mailbox" });
    await row.waitFor();
    // The password is write-only: not in the page.
    expect(await page.content()).not.toContain(brand.password);
  });
});

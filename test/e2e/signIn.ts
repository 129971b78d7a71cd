import type { Page } from "playwright-core";

export const DEMO_USER = { email: "demo@parley.local", password: "parley-demo" };

/** Signs in through the form, the way an agent does, and waits for the inbox. */
export async function signIn(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.getByLabel("Email").fill(DEMO_USER.email);
  await page.getByLabel("Password").fill(DEMO_USER.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Inbox" }).waitFor();
  await page.locator(".connection--live").waitFor();
}

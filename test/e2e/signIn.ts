import type { Page } from "playwright-core";
import { DEMO_USER } from "../../src/services/demo.ts";

/** The demo workspace's second sign-in, an agent (src/services/demo.ts creates it). */
export const DEMO_AGENT = { email: "agent@parley.local", password: "parley-demo", name: "Alex Agent" };

/** Signs in through the form, the way an agent does, and waits for the live inbox. */
export async function signIn(
  page: Page,
  url: string,
  user: { email: string; password: string } = DEMO_USER,
): Promise<void> {
  await page.goto(url);
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Inbox" }).waitFor();
  await page.locator(".connection--live").waitFor();
}

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DEMO_USER } from "../connectors/demo/brand.ts";
import { startParley } from "./start.ts";

const dir = mkdtempSync(join(tmpdir(), "parley-start-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("startParley", () => {
  it("keeps sessions across a restart when no secret is configured", async () => {
    const options = {
      data: join(dir, "store"),
      port: 0,
      demo: true,
      demoRate: 0,
      demoBacklog: 0,
      logLevel: "silent",
    };
    const first = await startParley(options);
    const signIn = await first.app!.inject({
      method: "POST",
      url: "/api/session",
      payload: { email: DEMO_USER.email, password: DEMO_USER.password },
    });
    const cookie = `parley_session=${signIn.cookies.find((c) => c.name === "parley_session")!.value}`;
    await first.stop();
    const second = await startParley(options);
    try {
      const me = await second.app!.inject({ url: "/api/me", headers: { cookie } });
      expect(me.statusCode).toBe(200);
      expect(me.json().user.email).toBe(DEMO_USER.email);
    } finally {
      await second.stop();
    }
  }, 60_000);
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Core, openCore } from "../core.ts";
import { ensureDemoWorkspace } from "./demo.ts";

describe("the demo workspace's settings", () => {
  let core: Core;
  let id: string;
  beforeAll(async () => {
    core = await openCore({ data: ":memory:" });
    id = (await ensureDemoWorkspace(core.store))!;
  });
  afterAll(async () => {
    await core.close();
  });

  it("show its brand campaign as the starter one, and leave it as written when the settings change", async () => {
    const before = await core.services.workspaces.settings(id);
    expect(before.campaigns.starter?.name).toBe("Everything about Lumen Mobile");
    const query = before.campaigns.starter!.query;
    const campaigns = (await core.store.campaigns.list(id)).length;
    const after = await core.services.workspaces.update(id, { brandNames: ["Lumen"] }, { userId: null });
    expect(after.campaigns.starter?.query).toBe(query);
    // No starter campaign of its own is added beside the demo's.
    expect(await core.store.campaigns.list(id)).toHaveLength(campaigns);
  });
});

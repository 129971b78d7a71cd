/** `parley customers import` as a user runs it: a child process on an embedded store. */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { openCore } from "../core.ts";

const CLI = fileURLToPath(new URL("./main.ts", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "parley-customers-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function parley(args: string[]) {
  const { DATABASE_URL: _, ...env } = process.env;
  const result = spawnSync(process.execPath, [CLI, ...args], {
    encoding: "utf8",
    env: { ...env, LOG_LEVEL: "silent" },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("parley customers import", () => {
  it("imports mapped rows, prints the bad ones by line, and updates on a second run", async () => {
    const data = join(dir, "store");
    const core = await openCore({ data });
    const workspace = await core.store.workspaces.create({ name: "Lumen", brandHandles: ["lumenhelp"] });
    await core.close();
    const file = join(dir, "crm.csv");
    writeFileSync(file, "Id,Name,Mail\n1,Ada,ada@example.com\n2,Bo,bo-at-example\n3,Cy,cy@example.com\n");
    const map = "externalId=Id,name=Name,emails=Mail";
    const first = parley(["customers", "import", file, "--map", map, "--data", data, "--quiet"]);
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("3 rows: 2 customers created, 0 updated, 1 rejected.");
    expect(first.stdout).toMatch(/line 3: validation_failed: emails: "bo-at-example" is not valid/);
    const second = parley(["customers", "import", file, "--map", map, "--data", data, "--quiet"]);
    expect(second.stdout).toContain("0 customers created, 2 updated");
    const check = await openCore({ data });
    const rows = await check.store.customers.list(workspace.id, { limit: 10 });
    await check.close();
    expect(rows.map((r) => r.name).sort()).toEqual(["Ada", "Cy"]);
  }, 120_000);

  it("refuses a mapping without the external id", () => {
    const result = parley([
      "customers",
      "import",
      join(dir, "crm.csv"),
      "--map",
      "name=Name",
      "--data",
      join(dir, "x"),
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^parley: customer_mapping_invalid: /);
  });
});

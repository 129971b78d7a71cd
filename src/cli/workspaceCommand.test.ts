/** Setting Parley up for one's own brand from the command line, on a store with no demo. */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { openCore } from "../core.ts";
import { starterQuery } from "../services/workspaces.ts";

const CLI = fileURLToPath(new URL("./main.ts", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "parley-workspace-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function parley(args: string[]) {
  const { DATABASE_URL: _, ...env } = process.env;
  const result = spawnSync(process.execPath, [CLI, ...args], {
    encoding: "utf8",
    env: { ...env, LOG_LEVEL: "silent" },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("parley workspace", () => {
  it("creates a brand's workspace that an import fills with its customers' work items", async () => {
    const data = join(dir, "own-brand");
    const created = parley([
      "workspace",
      "create",
      "--name",
      "Acme Rail",
      "--handles",
      "@AcmeHelp,acmerail",
      "--names",
      "Acme Rail,Acme",
      "--json",
      "--data",
      data,
    ]);
    expect(created.code).toBe(0);
    const workspace = JSON.parse(created.stdout) as {
      id: string;
      brandHandles: string[];
      brandNames: string[];
    };
    expect(workspace.brandHandles).toEqual(["acmehelp", "acmerail"]);
    expect(workspace.brandNames).toEqual(["Acme Rail", "Acme"]);

    const listed = parley(["workspace", "list", "--data", data]);
    expect(listed.stdout).toContain(workspace.id);
    expect(listed.stdout).toContain("Acme Rail");

    const file = join(dir, "acme.jsonl");
    writeFileSync(
      file,
      [
        {
          id: "1",
          text: "@AcmeHelp my train ticket was charged twice, please refund",
          author: { handle: "rider1" },
        },
        { id: "2", text: "Anyone know if Acme Rail runs on Sundays?", author: { handle: "rider2" } },
        { id: "3", text: "lovely weather for a walk today", author: { handle: "rider3" } },
      ]
        .map((p) => JSON.stringify({ ...p, platform: "x", created_at: "2026-11-30T10:00:00Z" }))
        .join("\n"),
    );
    const imported = parley([
      "import",
      file,
      "--workspace",
      workspace.id,
      "--format",
      "jsonl",
      "--data",
      data,
    ]);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain("3 posts imported");

    const core = await openCore({ data });
    try {
      expect((await core.store.workspaces.list()).map((w) => w.id)).toEqual([workspace.id]);
      const items = await core.store.views.workItems(workspace.id, { states: ["new"] });
      expect(items.map((i) => i.post.platformId)).toContain("1");
      expect(items.map((i) => i.post.platformId)).not.toContain("3");
      const [campaign] = await core.store.campaigns.list(workspace.id);
      expect(campaign?.query).toBe('@acmehelp OR @acmerail OR "Acme Rail" OR "Acme"');
    } finally {
      await core.close();
    }
  });

  it("names what is missing and refuses a workspace that does not exist", () => {
    const data = join(dir, "errors");
    const missing = parley(["workspace", "create", "--name", "Acme", "--data", data]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("validation_failed");
    const badHandle = parley([
      "workspace",
      "create",
      "--name",
      "Acme",
      "--handles",
      "not a handle",
      "--data",
      data,
    ]);
    expect(badHandle.stderr).toContain('"not a handle" is not a handle');
    const unknown = parley([
      "import",
      CLI,
      "--workspace",
      "00000000-0000-0000-0000-000000000000",
      "--data",
      data,
    ]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("not_found: No workspace with id");
  });
});

describe("parley workspace settings", () => {
  it("takes competitors, languages, a time zone and per-platform handles, and shows and updates them", () => {
    const data = join(dir, "settings");
    const created = parley([
      "workspace",
      "create",
      "--name",
      "Orbit",
      "--handles",
      "x:OrbitHelp,orbit",
      "--employees",
      "x:janeatorbit",
      "--competitors",
      "Nova Telecom=@novahelp;Zeta",
      "--languages",
      "en,de",
      "--timezone",
      "Europe/Berlin",
      "--taxonomy",
      "telecom",
      "--json",
      "--data",
      data,
    ]);
    expect(created.code, created.stderr).toBe(0);
    const workspace = JSON.parse(created.stdout) as { id: string };
    expect(JSON.parse(created.stdout)).toMatchObject({
      brandHandles: ["orbit"],
      platformHandles: { x: ["orbithelp"] },
      employeeHandles: ["x:janeatorbit"],
      competitors: [
        { name: "Nova Telecom", handles: ["novahelp"] },
        { name: "Zeta", handles: [] },
      ],
      languages: ["en", "de"],
      timeZone: "Europe/Berlin",
    });

    const shown = parley(["workspace", "show", workspace.id, "--data", data]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain("time zone    Europe/Berlin");
    expect(shown.stdout).toContain("taxonomy     telecom");
    expect(shown.stdout).toContain('Competitors: @novahelp OR "Nova Telecom" OR "Zeta"');

    const updated = parley([
      "workspace",
      "update",
      workspace.id,
      "--timezone",
      "America/New_York",
      "--json",
      "--data",
      data,
    ]);
    expect(updated.code, updated.stderr).toBe(0);
    expect(JSON.parse(updated.stdout)).toMatchObject({
      timeZone: "America/New_York",
      languages: ["en", "de"],
    });

    const badZone = parley(["workspace", "update", workspace.id, "--timezone", "Berlin", "--data", data]);
    expect(badZone.code).toBe(1);
    expect(badZone.stderr).toContain('"Berlin" is not an IANA time zone');
  });
});

describe("the starter campaign", () => {
  it("matches the handles and each name as a phrase", () => {
    expect(starterQuery(["lumenhelp"], ["Lumen Mobile", 'say "hi"'])).toBe(
      '@lumenhelp OR "Lumen Mobile" OR "say hi"',
    );
  });
});

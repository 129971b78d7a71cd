/** The `parley` command as a user runs it: a child process, its exit code and its output. */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { openCore } from "../core.ts";

const CLI = fileURLToPath(new URL("./main.ts", import.meta.url));
// Each command that opens the embedded store starts a process of its own (seconds each, more
// when the whole suite shares the machine's cores).
const PGLITE_PROCESS_TIMEOUT = 120_000;
const dir = mkdtempSync(join(tmpdir(), "parley-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function parley(args: string[], input?: string) {
  const { DATABASE_URL: _, ...env } = process.env;
  const result = spawnSync(process.execPath, [CLI, ...args], {
    input,
    encoding: "utf8",
    env: { ...env, LOG_LEVEL: "silent" },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("parley", () => {
  it("explains itself and each command", () => {
    const help = parley(["--help"]);
    expect(help.code).toBe(0);
    for (const command of ["start", "import", "user", "migrate", "analyze"])
      expect(help.stdout).toContain(command);
    const start = parley(["start", "--help"]);
    expect(start.stdout).toContain("--roles");
    expect(start.stdout).toContain("--data");
  });

  it("refuses an unknown command with usage and exit code 2", () => {
    const result = parley(["frobnicate"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown command "frobnicate"');
  });

  it("lists every bad setting at once", () => {
    const result = parley(["start", "--port", "nope", "--roles", "web,chef"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("PORT");
    expect(result.stderr).toContain("PARLEY_ROLES");
  });

  it(
    "adds a user who can then sign in, reading the password from standard input",
    async () => {
      const data = join(dir, "store");
      expect(parley(["import", "/dev/null", "--data", data, "--format", "jsonl"]).code).toBe(0);
      const added = parley(
        [
          "user",
          "add",
          "--email",
          "sam@example.com",
          "--name",
          "Sam",
          "--role",
          "supervisor",
          "--data",
          data,
        ],
        "correct-horse-battery\n",
      );
      expect(added.stderr).toContain("Added sam@example.com (supervisor)");
      const core = await openCore({ data });
      try {
        const { principal } = await core.services.auth.signIn("sam@example.com", "correct-horse-battery");
        expect(principal.user.role).toBe("supervisor");
      } finally {
        await core.close();
      }
      const short = parley(
        ["user", "add", "--email", "x@example.com", "--name", "X", "--role", "agent", "--data", data],
        "short\n",
      );
      expect(short.code).toBe(1);
      expect(short.stderr).toContain("validation_failed");
    },
    PGLITE_PROCESS_TIMEOUT,
  );

  it("analyses JSON lines and reports a bad line by number", () => {
    const input = `${JSON.stringify({ id: "a", text: "@lumenhelp my bill is wrong", brand_handles: ["lumenhelp"] })}\nnot json\n`;
    const result = parley(["analyze"], input);
    const lines = result.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ id: "a", direction: "to_brand" });
    expect(lines[1]).toEqual({ line: 2, error: { code: "malformed_line", message: expect.any(String) } });
  });
});

describe("parley import", () => {
  it(
    "prints each rejected line with its code, stores the rest, and never prints SQL",
    () => {
      const file = join(dir, "nul.csv");
      writeFileSync(file, "id,text\n1,@lumenhelp fine\n2,bad \u0000 byte\n3,@lumenhelp also fine\n");
      const result = parley(["import", file, "--data", join(dir, "import-store"), "--quiet"]);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain("2 posts imported");
      expect(result.stdout).toMatch(/line 3: invalid_encoding: /);
      expect(`${result.stdout}${result.stderr}`).not.toMatch(/insert into|select /i);
    },
    PGLITE_PROCESS_TIMEOUT,
  );

  it("names a missing file without a stack trace", () => {
    const result = parley(["import", join(dir, "absent.csv"), "--data", join(dir, "import-store")]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^parley: not_found: No such file: /);
    expect(result.stderr).not.toContain("    at ");
  });
});

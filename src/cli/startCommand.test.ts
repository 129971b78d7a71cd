/** `parley start` as a user runs it: the banner on stderr, log lines on stdout. */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const CLI = fileURLToPath(new URL("./main.ts", import.meta.url));

/** Starts Parley, waits for its banner, asks it one thing, stops it and returns what it wrote. */
async function startAndStop(args: string[]): Promise<{ stdout: string; stderr: string }> {
  const { DATABASE_URL: _d, NATS_URL: _n, ...env } = process.env;
  const child = spawn(process.execPath, [CLI, "start", "--data", ":memory:", "--port", "0", ...args], {
    env: { ...env, LOG_LEVEL: "info" },
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => {
    stdout += d;
  });
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no banner:\n${stderr}`)), 90_000);
    child.stderr.on("data", async (d) => {
      stderr += d;
      const url = /Open +(http:\/\/\S+)/.exec(stderr)?.[1];
      if (url && stderr.includes("Stop with Ctrl+C")) {
        clearTimeout(timer);
        await fetch(`${url}/healthz`).catch(() => undefined);
        resolve();
      }
    });
  });
  child.kill("SIGTERM");
  await exited;
  return { stdout, stderr };
}

describe("parley start", () => {
  it("prints a banner and writes JSON log lines when its output is not a terminal", async () => {
    const { stdout, stderr } = await startAndStop(["--no-demo"]);
    expect(stderr).toContain("Parley is running");
    expect(stderr).toContain("embedded, in memory");
    expect(stderr).toMatch(/enter the setup code [A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}/);
    const lines = stdout.trim().split("\n");
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(JSON.parse(line)).toHaveProperty("level");
  }, 120_000);

  it("writes readable lines when asked, and shows the demo's credentials", async () => {
    const { stdout, stderr } = await startAndStop(["--log-format", "readable", "--demo-rate", "0"]);
    expect(stderr).toContain("Sign in as demo@parley.local / parley-demo");
    expect(stdout).toMatch(/^\d\d:\d\d:\d\d\.\d{3} INFO {2}request completed {2}200 \d+ms/m);
    expect(stdout).not.toContain('"level"');
  }, 120_000);
});

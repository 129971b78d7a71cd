/**
 * `parley import` of a large JSON lines export into a new embedded store, as a user runs it: a
 * child process, wall clock from spawn to exit, and the child's peak resident memory (worker
 * threads included). The file is demo-generator posts (replies, repeat authors, 2 % delivered
 * twice), written once and reused by every run.
 *
 * Run: node bench/import.ts [posts] [runs]   (writes bench/results/import.json)
 */
import { spawn } from "node:child_process";
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createDemoGenerator } from "../src/connectors/demo/generator.ts";
import { toWire } from "./filter.ts";

const CLI = fileURLToPath(new URL("../src/cli/main.ts", import.meta.url));
const PEAK_RSS = fileURLToPath(new URL("./support/peakRss.ts", import.meta.url));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function writeExport(path: string, count: number): Promise<void> {
  const generator = createDemoGenerator({ seed: 77, startTime: new Date("2025-06-01T00:00:00Z") });
  const out = createWriteStream(path);
  let chunk: string[] = [];
  for (let i = 0; i < count; i++) {
    chunk.push(toWire(generator.next()));
    if (chunk.length === 5000 || i === count - 1) {
      if (!out.write(`${chunk.join("\n")}\n`)) await new Promise((r) => out.once("drain", r));
      chunk = [];
    }
  }
  await new Promise<void>((resolve, reject) =>
    out.end((err?: Error | null) => (err ? reject(err) : resolve())),
  );
}

function importOnce(
  file: string,
  data: string,
): Promise<{ seconds: number; peakRssMb: number; output: string }> {
  const { DATABASE_URL: _, ...env } = process.env;
  const started = performance.now();
  const child = spawn(
    process.execPath,
    ["--import", PEAK_RSS, CLI, "import", file, "--data", data, "--format", "jsonl", "--quiet"],
    { stdio: ["ignore", "pipe", "pipe"], env: { ...env, LOG_LEVEL: "silent" } },
  );
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => {
    stdout += d;
  });
  child.stderr.on("data", (d) => {
    stderr += d;
  });
  return new Promise((resolve, reject) =>
    child.on("exit", (code) => {
      const seconds = (performance.now() - started) / 1000;
      const kb = Number(/peak_rss_kb=(\d+)/.exec(stderr)?.[1]);
      if (code !== 0 || !kb) reject(new Error(`import failed (${code}): ${stderr}`));
      else resolve({ seconds, peakRssMb: Math.round(kb / 1024), output: stdout.trim() });
    }),
  );
}

export async function benchImport(count = 1_000_000, runs = 3) {
  const dir = mkdtempSync(join(tmpdir(), "parley-import-bench-"));
  try {
    const file = join(dir, "export.jsonl");
    await writeExport(file, count);
    const results = [];
    for (let r = 0; r < runs; r++) {
      const data = join(dir, `store-${r}`);
      results.push(await importOnce(file, data));
      rmSync(data, { recursive: true, force: true });
    }
    const rate = Math.round(median(results.map((r) => count / r.seconds)));
    const peak = median(results.map((r) => r.peakRssMb));
    console.log(
      `import bench: parley import of ${count.toLocaleString("en")} JSON lines into a new embedded store, ${runs} runs\n` +
        `  posts/s (median): ${rate.toLocaleString("en")}   runs: ${results.map((r) => Math.round(count / r.seconds).toLocaleString("en")).join(", ")}\n` +
        `  peak RSS (median): ${peak} MB   runs: ${results.map((r) => r.peakRssMb).join(", ")}\n` +
        `  ${results.at(-1)?.output.split("\n")[0]}`,
    );
    return { import_posts_per_s: rate, import_peak_rss_mb: peak, import_posts: count };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.main) {
  const result = await benchImport(Number(process.argv[2] ?? 1_000_000), Number(process.argv[3] ?? 3));
  mkdirSync(new URL("./results/", import.meta.url), { recursive: true });
  const record = { ...result, node: process.version, at: new Date().toISOString() };
  writeFileSync(new URL("./results/import.json", import.meta.url), `${JSON.stringify(record, null, 2)}\n`);
}

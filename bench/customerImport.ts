/**
 * `parley customers import` of a generated CRM export (1,000,000 rows by default) into a new
 * embedded store, as a user runs it: a child process, wall clock from spawn to exit, and the
 * child's peak resident memory. Rows carry an id, a name, one or two emails, a phone, a handle
 * on one row in three, a tier, consent flags and a custom field; 0.1 % are bad (an address
 * without @) and are reported, not stored.
 *
 * Run: node bench/customerImport.ts [rows] [runs]   (writes bench/results/customer-import.json)
 */
import { spawn } from "node:child_process";
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { openCore } from "../src/core.ts";

const CLI = fileURLToPath(new URL("../src/cli/main.ts", import.meta.url));
const PEAK_RSS = fileURLToPath(new URL("./support/peakRss.ts", import.meta.url));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const MAP =
  "externalId=Id,name=Name,emails=Email,phones=Phone,handle:x=Twitter,tier=Tier,consent:publicReply=Public,consent:survey=Survey,custom:plan=Plan";
const FIRST = ["Ada", "Bo", "Cy", "Di", "Eli", "Fay", "Gus", "Hal", "Ivy", "Jo", "Kai", "Lu"];
const LAST = ["Okafor", "Lind", "Park", "Moss", "Reyes", "Varga", "Chen", "Novak", "Silva", "Dube"];
const TIERS = ["standard", "standard", "standard", "silver", "gold", "vip"];

export async function writeCrmExport(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  out.write("Id,Name,Email,Phone,Twitter,Tier,Public,Survey,Plan\n");
  let chunk: string[] = [];
  for (let i = 0; i < rows; i++) {
    const name = `${FIRST[i % FIRST.length]} ${LAST[(i * 7) % LAST.length]}`;
    const bad = i % 1000 === 999;
    const email = bad
      ? `user${i}-at-example.com`
      : `user${i}@example.com${i % 5 === 0 ? `;u${i}@work.example` : ""}`;
    const phone = `+44 7700 ${String(100000 + (i % 900000)).padStart(6, "0")}`;
    const handle = i % 3 === 0 ? `@user_${i}` : "";
    chunk.push(
      `CRM-${i},"${name}",${email},${phone},${handle},${TIERS[i % TIERS.length]},${i % 9 ? "yes" : "no"},${i % 4 ? "yes" : "no"},plan-${i % 7}`,
    );
    if (chunk.length === 5000 || i === rows - 1) {
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
    ["--import", PEAK_RSS, CLI, "customers", "import", file, "--map", MAP, "--data", data, "--quiet"],
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
      if (code !== 0 || !kb) reject(new Error(`customer import failed (${code}): ${stderr}`));
      else resolve({ seconds, peakRssMb: Math.round(kb / 1024), output: stdout.split("\n")[0]!.trim() });
    }),
  );
}

export async function benchCustomerImport(rows = 1_000_000, runs = 3) {
  const dir = mkdtempSync(join(tmpdir(), "parley-customer-import-bench-"));
  try {
    const file = join(dir, "crm.csv");
    await writeCrmExport(file, rows);
    const results = [];
    for (let r = 0; r < runs; r++) {
      const data = join(dir, `store-${r}`);
      const core = await openCore({ data });
      await core.store.workspaces.create({ name: "Bench", brandHandles: ["bench"] });
      await core.close();
      results.push(await importOnce(file, data));
      rmSync(data, { recursive: true, force: true });
    }
    const rate = Math.round(median(results.map((r) => rows / r.seconds)));
    const peak = median(results.map((r) => r.peakRssMb));
    console.log(
      `customer import bench: parley customers import of ${rows.toLocaleString("en")} CRM rows into a new embedded store, ${runs} runs\n` +
        results
          .map((r, i) => `  run ${i + 1}: ${r.seconds.toFixed(1)} s, peak ${r.peakRssMb} MB — ${r.output}`)
          .join("\n") +
        `\n  median: ${rate.toLocaleString("en")} rows/s, peak RSS ${peak} MB`,
    );
    return {
      customer_import_rows_per_s: rate,
      customer_import_peak_rss_mb: peak,
      customer_import_rows: rows,
      runs: results.map((r) => ({ seconds: +r.seconds.toFixed(2), peak_rss_mb: r.peakRssMb })),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await benchCustomerImport(
    Number(process.argv[2] ?? 1_000_000),
    Number(process.argv[3] ?? 3),
  );
  mkdirSync(new URL("./results/", import.meta.url), { recursive: true });
  writeFileSync(
    new URL("./results/customer-import.json", import.meta.url),
    `${JSON.stringify({ ...result, at: new Date().toISOString() }, null, 2)}\n`,
  );
}

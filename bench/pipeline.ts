/**
 * The whole ingest pipeline on the embedded store: JSON in, stored posts, conversations, analyses
 * and work items out. Posts/s counts every post submitted (matched or not), end to end.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDemoGenerator } from "../src/connectors/demo/generator.ts";
import { openCore } from "../src/core.ts";
import type { NormalizedPost } from "../src/domain/post.ts";

export interface PipelineBenchOptions {
  posts: number;
  campaigns: { name: string; query: string }[];
  batchSize?: number;
}

/** Demo posts serialised as a source would deliver them. */
export function demoPostLines(count: number, seed = 7): string[] {
  const generator = createDemoGenerator({ seed, startTime: new Date("2026-11-01T00:00:00Z") });
  return Array.from({ length: count }, () => JSON.stringify(generator.next()));
}

function revive(line: string): NormalizedPost {
  const post = JSON.parse(line) as NormalizedPost & { createdAt: string };
  return { ...post, createdAt: new Date(post.createdAt) };
}

/** One run on a fresh store in a temporary folder; returns posts per second. */
export async function runPipelineOnce(lines: string[], options: PipelineBenchOptions): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), "parley-bench-"));
  const core = await openCore({ data: dir });
  try {
    const ws = await core.store.workspaces.create({
      name: "Bench",
      brandHandles: ["lumenmobile", "lumenhelp"],
    });
    for (const c of options.campaigns) await core.store.campaigns.create(ws.id, c);
    const batch = options.batchSize ?? 1000;
    const started = performance.now();
    for (let i = 0; i < lines.length; i += batch) {
      await core.pipeline.submit(ws.id, lines.slice(i, i + batch).map(revive), { requireMatch: true });
    }
    return lines.length / ((performance.now() - started) / 1000);
  } finally {
    await core.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

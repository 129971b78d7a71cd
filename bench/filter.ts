/**
 * Throughput of the filter stage on one core: JSON text in, matched campaign ids out (parse, map
 * the JSON fields, normalize, dedupe, match against 100 campaigns holding 1,000 keywords).
 * JSON.parse alone on the same strings is the baseline, measured in the same run.
 * Rates are per second of this process's CPU time: the machines are shared, and wall-clock time
 * would count the moments another process held the core. Wall-clock rates are printed alongside.
 *
 * Run: node bench/filter.ts [posts]   (writes bench/results/filter.json)
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { createDemoGenerator } from "../src/connectors/demo/generator.ts";
import { createRandom } from "../src/connectors/demo/random.ts";
import { jsonToDraft } from "../src/connectors/import/generic.ts";
import { tokenizeForMatch } from "../src/domain/matchTokens.ts";
import type { NormalizedPost } from "../src/domain/post.ts";
import { PostDeduper } from "../src/pipeline/dedupe.ts";
import { CampaignMatcher, type CampaignRule } from "../src/pipeline/match.ts";
import { normalizePost } from "../src/pipeline/normalize.ts";

const RUNS = 5;
const CAMPAIGNS = 100;
const KEYWORDS_PER_CAMPAIGN = 10;
/** Share of posts delivered twice, as feeds overlap and connectors retry. */
const REDELIVERY = 0.02;

function toWire(p: NormalizedPost): string {
  return JSON.stringify({
    id: p.platformId,
    text: p.text,
    author: {
      id: p.author.platformId,
      handle: p.author.handle,
      name: p.author.name,
      followers: p.author.followers,
    },
    created_at: p.createdAt.toISOString(),
    url: p.url,
    platform: p.platform,
    reply_to: p.replyToPlatformId,
    language: p.language,
  });
}

export function makeWirePosts(count: number): string[] {
  const generator = createDemoGenerator({ seed: 2024, startTime: new Date("2025-03-01T00:00:00Z") });
  const random = createRandom(99);
  const out: string[] = [];
  while (out.length < count) {
    const wire = toWire(generator.next());
    out.push(wire);
    if (random.chance(REDELIVERY) && out.length < count) out.push(wire);
  }
  return out;
}

/**
 * 100 campaigns × 10 keywords: words the demo posts really use (so candidates and matches happen,
 * skipping the ~30 most common words no one would campaign on) mixed with words they never use,
 * in the shapes real queries take: OR groups, AND, phrases, hashtags, handles, exclusions, prefixes.
 */
export function makeCampaigns(sample: readonly string[]): CampaignRule[] {
  const frequency = new Map<string, number>();
  for (const wire of sample) {
    for (const w of tokenizeForMatch((JSON.parse(wire) as { text: string }).text).words) {
      if (w.length >= 3) frequency.set(w, (frequency.get(w) ?? 0) + 1);
    }
  }
  const used = [...frequency.entries()].sort((a, b) => b[1] - a[1]).map(([w]) => w);
  const real = used.slice(30, 430);
  const random = createRandom(7);
  let synthetic = 0;
  const word = (): string => (random.chance(0.5) ? random.pick(real) : `kw${(synthetic++).toString(36)}x`);
  const campaigns: CampaignRule[] = [];
  for (let i = 0; i < CAMPAIGNS; i++) {
    const k = Array.from({ length: KEYWORDS_PER_CAMPAIGN }, word);
    // Handles are ASCII on most platforms; the demo's own accounts are the realistic ones.
    const handle = random.chance(0.2) ? "lumenhelp" : `kw${(synthetic++).toString(36)}x`;
    const shape = i % 4;
    const query =
      shape === 0
        ? `(${k[0]} OR ${k[1]} OR ${k[2]} OR "${k[3]} ${k[4]}") AND (${k[5]} OR ${k[6]} OR #${k[7]}) -${k[8]} -${k[9]}`
        : shape === 1
          ? `${k.slice(0, 8).join(" OR ")} OR @${handle} OR ${k[9]!.slice(0, 4)}*`
          : shape === 2
            ? `(${k.slice(0, 5).join(" OR ")}) (${k.slice(5, 9).join(" OR ")}) NOT ${k[9]}`
            : `"${k[0]} ${k[1]}" OR "${k[2]} ${k[3]}" OR (${k[4]} ${k[5]}) OR #${k[6]} OR ${k.slice(7).join(" OR ")}`;
    campaigns.push({ id: `c${i}`, query, ...(i % 10 === 0 ? { languages: ["en", "es"] } : {}) });
  }
  return campaigns;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

interface Timing {
  cpu: number;
  wall: number;
}

function timed(count: number, work: () => void): Timing {
  const wallStart = performance.now();
  const cpuStart = process.cpuUsage();
  work();
  const cpu = process.cpuUsage(cpuStart);
  const wallSeconds = (performance.now() - wallStart) / 1000;
  return { cpu: count / ((cpu.user + cpu.system) / 1e6), wall: count / wallSeconds };
}

function runBaseline(wire: readonly string[]): Timing {
  let sink = 0;
  const timing = timed(wire.length, () => {
    for (const s of wire) sink += (JSON.parse(s) as { text: string }).text.length;
  });
  // Consuming the result keeps the parse from being optimized away.
  if (sink < 0) throw new Error("unreachable");
  return timing;
}

function runFilter(wire: readonly string[], campaigns: readonly CampaignRule[], now: Date) {
  const matcher = new CampaignMatcher(campaigns);
  const deduper = new PostDeduper({ capacity: 1_000_000 });
  const counts = { matched: 0, duplicates: 0, rejected: 0 };
  const timing = timed(wire.length, () => {
    for (const s of wire) {
      const draft = jsonToDraft(JSON.parse(s), { defaultPlatform: "webhook", now });
      if ("code" in draft) {
        counts.rejected++;
        continue;
      }
      const post = normalizePost(draft);
      if (deduper.isDuplicate(post)) {
        counts.duplicates++;
        continue;
      }
      if (matcher.match(post).length > 0) counts.matched++;
    }
  });
  return { timing, ...counts };
}

export async function benchFilter(
  postCount = 200_000,
): Promise<{ json_parse_posts_per_s: number; filter_posts_per_s: number }> {
  const wire = makeWirePosts(postCount);
  const campaigns = makeCampaigns(wire.slice(0, 20_000));
  const now = new Date();
  const baseline: Timing[] = [];
  const filter: Timing[] = [];
  let last: ReturnType<typeof runFilter> | undefined;
  for (let run = 0; run < RUNS; run++) {
    baseline.push(runBaseline(wire));
    last = runFilter(wire, campaigns, now);
    filter.push(last.timing);
  }
  const rate = (runs: Timing[], key: keyof Timing) => Math.round(median(runs.map((t) => t[key])));
  const result = { json_parse_posts_per_s: rate(baseline, "cpu"), filter_posts_per_s: rate(filter, "cpu") };
  const fmt = (n: number) => n.toLocaleString("en").padStart(9);
  console.log(
    `filter bench: ${wire.length} posts, ${campaigns.length} campaigns, ${RUNS} runs, medians in posts/s\n` +
      `                      per CPU second   wall clock\n` +
      `  JSON.parse alone:   ${fmt(result.json_parse_posts_per_s)}      ${fmt(rate(baseline, "wall"))}\n` +
      `  filter stage:       ${fmt(result.filter_posts_per_s)}      ${fmt(rate(filter, "wall"))}\n` +
      `  filter / baseline:  ${(result.filter_posts_per_s / result.json_parse_posts_per_s).toFixed(2)}\n` +
      `  per run: ${last?.matched} matched at least one campaign, ${last?.duplicates} duplicates dropped, ` +
      `${last?.rejected} rejected`,
  );
  return result;
}

if (import.meta.main) {
  const count = Number(process.argv[2] ?? 200_000);
  const result = await benchFilter(count);
  mkdirSync(new URL("./results/", import.meta.url), { recursive: true });
  const record = { ...result, posts: count, node: process.version, at: new Date().toISOString() };
  writeFileSync(new URL("./results/filter.json", import.meta.url), `${JSON.stringify(record, null, 2)}\n`);
}

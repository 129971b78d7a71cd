/**
 * Throughput of the filter stage on one core: JSON text in, matched campaign ids out. Per post, in
 * the order `admitPost` fixes: parse, map the JSON fields, normalize what matching reads, match
 * against 100 campaigns holding 1,000 keywords, and for a post that matches, finish normalizing and
 * dedupe it. JSON.parse alone on the same strings is the baseline, measured in the same run.
 *
 * Two streams, two figures:
 * - `filter_posts_per_s`, the hard case: posts from the demo generator, all about the demo brand,
 *   of which ~81% match a campaign, so nearly every post pays for the whole stage.
 * - `filter_firehose_posts_per_s`, a firehose: 97% general chatter that names no campaign keyword
 *   (bench/chatter.ts) and 3% brand posts from the demo generator, as a listening source sees a
 *   public stream. Most posts are dropped after the match.
 *
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
import { isParleyError } from "../src/errors.ts";
import { admitPost } from "../src/pipeline/admit.ts";
import { PostDeduper } from "../src/pipeline/dedupe.ts";
import { CampaignMatcher, type CampaignRule } from "../src/pipeline/match.ts";
import { finishPost, prepareDraft } from "../src/pipeline/normalize.ts";
import { createChatter } from "./chatter.ts";

const RUNS = 5;
const CAMPAIGNS = 100;
const KEYWORDS_PER_CAMPAIGN = 10;
/** Share of posts delivered twice, as feeds overlap and connectors retry. */
const REDELIVERY = 0.02;
/** Share of the firehose stream that is about the brand (demo posts); the rest is chatter. */
const FIREHOSE_BRAND_SHARE = 0.03;

export function toWire(p: NormalizedPost): string {
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

function withRedelivery(count: number, next: () => string): string[] {
  const random = createRandom(99);
  const out: string[] = [];
  while (out.length < count) {
    const wire = next();
    out.push(wire);
    if (random.chance(REDELIVERY) && out.length < count) out.push(wire);
  }
  return out;
}

/** The hard case: every post from the demo generator. */
export function makeWirePosts(count: number): string[] {
  const generator = createDemoGenerator({ seed: 2024, startTime: new Date("2025-03-01T00:00:00Z") });
  return withRedelivery(count, () => toWire(generator.next()));
}

/** The firehose: chatter avoiding the campaigns' keywords, with brand posts at FIREHOSE_BRAND_SHARE. */
export function makeFirehosePosts(count: number, campaigns: readonly CampaignRule[]): string[] {
  const brand = createDemoGenerator({ seed: 31, startTime: new Date("2025-03-01T00:00:00Z") });
  const chatter = createChatter(
    17,
    campaigns.map((c) => c.query),
  );
  const random = createRandom(3);
  return withRedelivery(count, () =>
    random.chance(FIREHOSE_BRAND_SHARE) ? toWire(brand.next()) : JSON.stringify(chatter.next()),
  );
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
  const counts = { matched: 0, unmatched: 0, duplicates: 0, rejected: 0 };
  const timing = timed(wire.length, () => {
    for (const s of wire) {
      const draft = jsonToDraft(JSON.parse(s), { defaultPlatform: "webhook", now });
      if ("code" in draft) {
        counts.rejected++;
        continue;
      }
      try {
        // A listening source: posts that match no campaign are dropped.
        const admitted = admitPost(matcher, deduper, prepareDraft(draft), finishPost, true);
        if (admitted === "unmatched") counts.unmatched++;
        else if (admitted === "duplicate") counts.duplicates++;
        else counts.matched++;
      } catch (err) {
        if (!isParleyError(err, "validation_failed")) throw err;
        counts.rejected++;
      }
    }
  });
  return { timing, ...counts };
}

interface CaseResult {
  baseline: number;
  filter: number;
  wallBaseline: number;
  wallFilter: number;
  last: ReturnType<typeof runFilter>;
}

function runCase(wire: readonly string[], campaigns: readonly CampaignRule[], now: Date): CaseResult {
  const baseline: Timing[] = [];
  const filter: Timing[] = [];
  let last: ReturnType<typeof runFilter> | undefined;
  for (let run = 0; run < RUNS; run++) {
    baseline.push(runBaseline(wire));
    last = runFilter(wire, campaigns, now);
    filter.push(last.timing);
  }
  const rate = (runs: Timing[], key: keyof Timing) => Math.round(median(runs.map((t) => t[key])));
  return {
    baseline: rate(baseline, "cpu"),
    filter: rate(filter, "cpu"),
    wallBaseline: rate(baseline, "wall"),
    wallFilter: rate(filter, "wall"),
    last: last!,
  };
}

function report(title: string, r: CaseResult): string {
  const fmt = (n: number) => n.toLocaleString("en").padStart(9);
  const l = r.last;
  const total = l.matched + l.unmatched + l.duplicates + l.rejected;
  return (
    `${title}\n` +
    `                      per CPU second   wall clock\n` +
    `  JSON.parse alone:   ${fmt(r.baseline)}      ${fmt(r.wallBaseline)}\n` +
    `  filter stage:       ${fmt(r.filter)}      ${fmt(r.wallFilter)}\n` +
    `  filter / baseline:  ${(r.filter / r.baseline).toFixed(2)}\n` +
    `  per run: ${l.matched} kept (${((100 * l.matched) / total).toFixed(1)}%), ${l.unmatched} matched ` +
    `no campaign, ${l.duplicates} duplicates dropped, ${l.rejected} rejected\n`
  );
}

export async function benchFilter(postCount = 200_000): Promise<{
  json_parse_posts_per_s: number;
  filter_posts_per_s: number;
  json_parse_firehose_posts_per_s: number;
  filter_firehose_posts_per_s: number;
}> {
  const wire = makeWirePosts(postCount);
  const campaigns = makeCampaigns(wire.slice(0, 20_000));
  const firehose = makeFirehosePosts(postCount, campaigns);
  const now = new Date();
  const hard = runCase(wire, campaigns, now);
  const fire = runCase(firehose, campaigns, now);
  console.log(
    `filter bench: ${postCount} posts per case, ${campaigns.length} campaigns, ${RUNS} runs, medians in posts/s\n\n` +
      report("hard case (filter_posts_per_s): demo-generator posts, all about the brand", hard) +
      "\n" +
      report(
        `firehose (filter_firehose_posts_per_s): ${100 - FIREHOSE_BRAND_SHARE * 100}% chatter naming no ` +
          `campaign keyword, ${FIREHOSE_BRAND_SHARE * 100}% demo-generator brand posts`,
        fire,
      ),
  );
  return {
    json_parse_posts_per_s: hard.baseline,
    filter_posts_per_s: hard.filter,
    json_parse_firehose_posts_per_s: fire.baseline,
    filter_firehose_posts_per_s: fire.filter,
  };
}

if (import.meta.main) {
  const count = Number(process.argv[2] ?? 200_000);
  const result = await benchFilter(count);
  mkdirSync(new URL("./results/", import.meta.url), { recursive: true });
  const record = { ...result, posts: count, node: process.version, at: new Date().toISOString() };
  writeFileSync(new URL("./results/filter.json", import.meta.url), `${JSON.stringify(record, null, 2)}\n`);
}

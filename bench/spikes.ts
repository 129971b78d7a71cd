/**
 * Spike detector accuracy on a generated stream with known answers: six weeks of hourly traffic on
 * several topics (a daily and a weekly rhythm, Poisson noise), spikes of many authors injected at
 * known hours, and a single loud author posting sixty times in one hour. The detector judges every
 * hour of the last two weeks; precision and recall are over the injected spikes, and the loud
 * author's hour is reported apart. The same stream judged in posts instead of authors is shown
 * beside it, to show what counting voices buys. Several seeds; medians printed.
 *
 * `node bench/spikes.ts` prints the figures and writes bench/results/spikes.json.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { seededRandom } from "../src/analysis/random.ts";
import { detectSpikes, WEEK_HOURS } from "../src/domain/insight/spikes.ts";

const WEEKS = 6;
const HOURS = WEEKS * WEEK_HOURS;
const TOPICS = ["network", "billing", "delivery", "app", "store"];
const BASE = [6, 3, 2, 1.5, 0.8];
const SPIKES = 16;
const LOUD_POSTS = 60;

function poisson(rand: () => number, mean: number): number {
  const limit = Math.exp(-mean);
  let k = 0;
  let p = rand();
  while (p > limit) {
    k += 1;
    p *= rand();
  }
  return k;
}

function rhythm(t: number): number {
  const hour = t % 24;
  const day = Math.floor(t / 24) % 7;
  const daily = 0.25 + Math.max(0, Math.sin(((hour - 6) / 24) * 2 * Math.PI)) * 1.6;
  return daily * (day >= 5 ? 0.6 : 1);
}

interface Run {
  precision: number;
  recall: number;
  loudAlarm: boolean;
  postsPrecision: number;
  postsRecall: number;
  postsLoudAlarm: boolean;
}

function once(seed: number): Run {
  const rand = seededRandom(seed);
  const authors = new Map<string, number[]>();
  const posts = new Map<string, number[]>();
  TOPICS.forEach((topic, k) => {
    const a: number[] = [];
    const p: number[] = [];
    for (let t = 0; t < HOURS; t++) {
      const n = poisson(rand, (BASE[k] ?? 1) * rhythm(t));
      a.push(n);
      // Most people post once, some twice or three times.
      let total = 0;
      for (let i = 0; i < n; i++) total += 1 + (rand() < 0.2 ? 1 : 0) + (rand() < 0.05 ? 1 : 0);
      p.push(total);
    }
    authors.set(topic, a);
    posts.set(topic, p);
  });
  const judged = 4 * WEEK_HOURS;
  const injected = new Set<string>();
  while (injected.size < SPIKES) {
    const t = judged + Math.floor(rand() * (HOURS - judged));
    const topic = TOPICS[Math.floor(rand() * TOPICS.length)] ?? "network";
    const id = `${topic}@${t}`;
    if (injected.has(id)) continue;
    injected.add(id);
    // An incident: several times the topic's usual authors at that hour, at least eight more people.
    const extra = Math.max(8, Math.round((BASE[TOPICS.indexOf(topic)] ?? 1) * rhythm(t) * (2 + rand() * 3)));
    (authors.get(topic) as number[])[t] = ((authors.get(topic) as number[])[t] ?? 0) + extra;
    (posts.get(topic) as number[])[t] = ((posts.get(topic) as number[])[t] ?? 0) + Math.round(extra * 1.3);
  }
  // The loud author: one voice, sixty posts, in an hour with no injected spike.
  let loudT = 0;
  let loudTopic = "";
  do {
    loudT = judged + Math.floor(rand() * (HOURS - judged));
    loudTopic = TOPICS[Math.floor(rand() * TOPICS.length)] ?? "network";
  } while (injected.has(`${loudTopic}@${loudT}`));
  (authors.get(loudTopic) as number[])[loudT] = ((authors.get(loudTopic) as number[])[loudT] ?? 0) + 1;
  (posts.get(loudTopic) as number[])[loudT] = ((posts.get(loudTopic) as number[])[loudT] ?? 0) + LOUD_POSTS;

  const judge = (series: Map<string, number[]>) => {
    const found = new Set<string>();
    for (let t = judged; t < HOURS; t++) for (const s of detectSpikes(series, t)) found.add(`${s.key}@${t}`);
    const hits = [...found].filter((f) => injected.has(f)).length;
    return {
      precision: found.size === 0 ? 1 : hits / found.size,
      recall: hits / injected.size,
      loud: found.has(`${loudTopic}@${loudT}`),
    };
  };
  const a = judge(authors);
  const p = judge(posts);
  return {
    precision: a.precision,
    recall: a.recall,
    loudAlarm: a.loud,
    postsPrecision: p.precision,
    postsRecall: p.recall,
    postsLoudAlarm: p.loud,
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const round = (x: number) => Math.round(x * 1000) / 1000;

export function benchSpikes(seeds = 21) {
  const runs = Array.from({ length: seeds }, (_, i) => once(1000 + i));
  return {
    spike_precision: round(median(runs.map((r) => r.precision))),
    spike_recall: round(median(runs.map((r) => r.recall))),
    spike_loud_author_alarms: runs.filter((r) => r.loudAlarm).length,
    spike_runs: seeds,
    spike_in_posts_precision: round(median(runs.map((r) => r.postsPrecision))),
    spike_in_posts_recall: round(median(runs.map((r) => r.postsRecall))),
    spike_in_posts_loud_author_alarms: runs.filter((r) => r.postsLoudAlarm).length,
  };
}

if (import.meta.main) {
  const figures = benchSpikes();
  console.log(figures);
  mkdirSync("bench/results", { recursive: true });
  writeFileSync("bench/results/spikes.json", `${JSON.stringify(figures, null, 2)}\n`);
}

/**
 * The brand-post set: posts to, about and from six fictional brands in six languages, written and
 * labelled by the project with every label (direction, intent, sentiment, urgency, sarcasm), built
 * to hold the kinds of post a literal reader gets wrong: sarcasm, praise that mentions a solved
 * problem, questions that mention a difficulty, the brand's own replies and notices, spam and
 * phishing, the brand named without a handle, words that clash with a brand's name, emergencies
 * outside English, and everyday private requests. Written before the cues it measures were.
 *
 * A hash of the text splits it into a dev half (errors may be read) and a test half (reported
 * only). `node scripts/brandPostSet.ts [dev|test|fresh|held-out]` (the last two print figures only).
 */
import { readdirSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseCsv } from "../src/analysis/csv.ts";
import { hashString, mixHash } from "../src/analysis/hash.ts";
import { splitKey } from "../src/analysis/hashSplit.ts";
import { createAnalyzer } from "../src/analysis/index.ts";
import {
  type Analysis,
  type AnalysisInput,
  type Analyzer,
  DIRECTIONS,
  INTENTS,
  SENTIMENTS,
  URGENCIES,
} from "../src/domain/analysis.ts";
import { REPO_ROOT } from "./data.ts";
import { accuracy, f1Of, macroF1, withInterval } from "./evalStats.ts";

export interface LabelledPost {
  brand: string;
  lang: string;
  author: string;
  channel: string;
  direction: string;
  intent: string;
  sentiment: string;
  urgency: string;
  sarcasm: string;
  /** "brand" when the post replies to the brand's post (held-out set only). */
  reply_to?: string;
  text: string;
}

/** Each brand's handles and names (aliases included), as a workspace would configure them. */
const BRANDS: Record<string, { handles: string[]; names: string[] }> = {
  lumen: { handles: ["lumenhelp", "lumenmobile"], names: ["Lumen Mobile", "Lumen"] },
  aurora: { handles: ["aurorarail"], names: ["Aurora Rail"] },
  fjord: { handles: ["fjordbank"], names: ["Fjord Bank"] },
  pixel: { handles: ["pixelpost_help", "pixelpost"], names: ["Pixelpost"] },
  verde: { handles: ["verdefoods"], names: ["Verde Foods"] },
  nimbus: { handles: ["nimbushq"], names: ["Nimbus Cloud", "Nimbus"] },
  // The fresh set's brands (scripts/brandPostsFresh).
  skylark: { handles: ["skylarkair"], names: ["Skylark Air", "Skylark"] },
  brightwatt: { handles: ["brightwatt_help", "brightwatt"], names: ["Brightwatt", "Bright Watt Energy"] },
  cobalt: { handles: ["cobaltbank"], names: ["Cobalt Bank", "Cobalt"] },
  maple: { handles: ["mapleandco"], names: ["Maple & Co", "Maple"] },
  orbit: { handles: ["orbittel", "orbitcare"], names: ["Orbit Telecom", "Orbit"] },
  kettle: { handles: ["kettleworks"], names: ["Kettleworks"] },
  dishdash: { handles: ["dishdash_eats"], names: ["DishDash", "Dish Dash"] },
  quasar: { handles: ["quasargames"], names: ["Quasar Games", "Quasar"] },
  // The held-out set's brands (scripts/brandPostsHeldOut).
  telvio: { handles: ["telvio", "telvio_care"], names: ["Telvio"] },
  ondanet: { handles: ["ondanet"], names: ["Ondanet", "Onda Net"] },
  azura: { handles: ["azuraair"], names: ["Azura Air", "Azura"] },
  kestrel: { handles: ["kestrelairways", "kestrel_help"], names: ["Kestrel Airways", "Kestrel"] },
  ferro: { handles: ["ferrobank"], names: ["Ferro Bank", "Ferro"] },
  kwartz: { handles: ["kwartzbank"], names: ["Kwartz Bank", "Kwartz"] },
  huxley: { handles: ["huxleyfinch"], names: ["Huxley & Finch", "Huxley and Finch"] },
  modalia: { handles: ["modalia_shop"], names: ["Modalia"] },
  tallyo: { handles: ["tallyoapp", "tallyo_support"], names: ["Tallyo"] },
  driftbox: { handles: ["driftbox"], names: ["Driftbox"] },
  pureflow: { handles: ["pureflowwater"], names: ["Pureflow Water", "Pureflow"] },
  stromberg: { handles: ["stromberg_energie"], names: ["Stromberg Energie", "Stromberg"] },
  munchbox: { handles: ["munchbox"], names: ["Munchbox"] },
  pedidito: { handles: ["pedidito"], names: ["Pedidito"] },
};

/**
 * `brandPosts` is the set whose dev half the cues were written against; `brandPostsFresh` (115
 * posts, 8 other brands, en/es/pt/fr/de/it/nl) was written before the lin-4 changes and is only
 * ever scored as a whole: its errors are not printed, so nothing is tuned to it.
 * `brandPostsHeldOut` (214 posts, 14 other brands in telecom, airlines, banking, retail, software,
 * utilities and food delivery, en/es/pt/fr/it/de/nl, replies without a handle) is report-only in
 * the same way: written before the model's output on it was seen, never trained or tuned on.
 */
export type LabelledSet = "brandPosts" | "brandPostsFresh" | "brandPostsHeldOut";

export function loadLabelledPosts(set: LabelledSet = "brandPosts"): LabelledPost[] {
  const dir = resolve(REPO_ROOT, "scripts", set);
  return readdirSync(dir)
    .filter((f) => f.endsWith(".csv"))
    .sort()
    .flatMap((f) => parseCsv(readFileSync(resolve(dir, f), "utf8")) as unknown as LabelledPost[]);
}

export function halfOf(p: LabelledPost): "dev" | "test" {
  return mixHash(0x1b873593, hashString(splitKey(p.text))) % 2 === 0 ? "dev" : "test";
}

export function toInput(p: LabelledPost): AnalysisInput {
  const b = BRANDS[p.brand]!;
  return {
    text: p.text,
    brandHandles: b.handles,
    brandNames: b.names,
    // The brand's own posts name it as "brand" or by its key (the fresh set).
    author:
      p.author === "brand" || p.author === p.brand
        ? { handle: b.handles[0] }
        : { handle: "someone", followers: 120 },
    channel: p.channel === "private" ? "private" : "public",
    ...(p.reply_to === "brand" ? { replyToHandle: b.handles[0] } : {}),
  };
}

/** Accuracy of intent, sentiment and urgency per language, with intervals (small n: wide). */
function perLanguage(rows: LabelledPost[], as: Analysis[]) {
  const out: Record<string, Record<string, unknown>> = {};
  for (const lang of [...new Set(rows.map((r) => r.lang))].sort()) {
    const pick = rows.map((r, i) => ({ r, a: as[i]! })).filter((x) => x.r.lang === lang);
    const acc = (gold: (r: LabelledPost) => string, pred: (a: Analysis) => string) =>
      withInterval(
        accuracy,
        pick.map((x) => gold(x.r)),
        pick.map((x) => pred(x.a)),
      );
    out[lang] = {
      intent_accuracy: acc(
        (r) => r.intent,
        (a) => a.intent.label,
      ),
      sentiment_accuracy: acc(
        (r) => r.sentiment,
        (a) => a.sentiment.label,
      ),
      urgency_accuracy: acc(
        (r) => r.urgency,
        (a) => a.urgency.level,
      ),
    };
  }
  return out;
}

export function scoreLabelledPosts(rows: LabelledPost[], analyzer: Analyzer = createAnalyzer()) {
  const as: Analysis[] = rows.map((r) => analyzer.analyze(toInput(r)));
  const col = (k: Exclude<keyof LabelledPost, "reply_to">) => rows.map((r) => r[k]);
  const nonEnglish = rows.map((r, i) => ({ r, a: as[i]! })).filter((x) => x.r.lang !== "en");
  return {
    posts: rows.length,
    direction_accuracy: withInterval(
      accuracy,
      col("direction"),
      as.map((a) => a.direction.label),
    ),
    direction_macroF1: withInterval(
      macroF1(DIRECTIONS),
      col("direction"),
      as.map((a) => a.direction.label),
    ),
    intent_macroF1: withInterval(
      macroF1(INTENTS),
      col("intent"),
      as.map((a) => a.intent.label),
    ),
    intent_accuracy: withInterval(
      accuracy,
      col("intent"),
      as.map((a) => a.intent.label),
    ),
    sentiment_macroF1: withInterval(
      macroF1(SENTIMENTS),
      col("sentiment"),
      as.map((a) => a.sentiment.label),
    ),
    urgency_accuracy: withInterval(
      accuracy,
      col("urgency"),
      as.map((a) => a.urgency.level),
    ),
    urgency_macroF1: withInterval(
      macroF1(URGENCIES),
      col("urgency"),
      as.map((a) => a.urgency.level),
    ),
    sarcasm_f1: withInterval(
      f1Of("1"),
      col("sarcasm"),
      as.map((a) => (a.sarcasm?.flag ? "1" : "0")),
    ),
    non_english_intent_accuracy: +(
      nonEnglish.filter((x) => x.a.intent.label === x.r.intent).length / (nonEnglish.length || 1)
    ).toFixed(4),
    non_english_urgency_accuracy: +(
      nonEnglish.filter((x) => x.a.urgency.level === x.r.urgency).length / (nonEnglish.length || 1)
    ).toFixed(4),
    per_language: perLanguage(rows, as),
    analyses: as,
  };
}

if (import.meta.main && (process.argv[2] === "fresh" || process.argv[2] === "held-out")) {
  const set = process.argv[2] === "fresh" ? "brandPostsFresh" : "brandPostsHeldOut";
  const { analyses, ...figures } = scoreLabelledPosts(loadLabelledPosts(set));
  for (const [k, v] of Object.entries(figures)) console.log(k.padEnd(32), JSON.stringify(v));
} else if (import.meta.main) {
  const half = process.argv[2] === "test" ? "test" : "dev";
  const rows = loadLabelledPosts().filter((r) => halfOf(r) === half);
  const { analyses, ...figures } = scoreLabelledPosts(rows);
  for (const [k, v] of Object.entries(figures)) console.log(k.padEnd(32), JSON.stringify(v));
  if (half === "dev") {
    rows.forEach((r, i) => {
      const a = analyses[i]!;
      const wrong = [
        a.direction.label !== r.direction && `dir ${r.direction}->${a.direction.label}`,
        a.intent.label !== r.intent && `int ${r.intent}->${a.intent.label}`,
        a.sentiment.label !== r.sentiment && `sent ${r.sentiment}->${a.sentiment.label}`,
        a.urgency.level !== r.urgency && `urg ${r.urgency}->${a.urgency.level}`,
        (a.sarcasm?.flag ? "1" : "0") !== r.sarcasm && `sarc ${r.sarcasm}`,
      ].filter(Boolean);
      if (wrong.length) console.log(`${wrong.join(" | ")}\t${r.text}`);
    });
  }
}

/**
 * Held-out sources: for each brand-support set, the full analyzer with models trained WITHOUT that
 * set (every other set's train + validation rows), measured on the set's test rows, beside the
 * in-distribution figure (the shipped models, trained with the set's train + validation rows, on
 * the same test rows). The gap is how much a figure measured next to its training data overstates.
 *
 * - airline: intent read as complaint (negative with a named reason), praise (positive) or
 *   neither (neutral), macro-F1 over the three;
 * - complaints: F1 of intent "complaint" on the brand domains' posts, and the share of random
 *   tweets read as complaints;
 * - banking77: share of the (all asking) support queries read as a question or request.
 * Direction and urgency are rules trained on none of these: direction is measured on the
 * customer-support threads of twcs-sample (customers' posts to the brand and the brand's replies),
 * which no rule was written against.
 *
 * `node scripts/evalSources.ts [--data DIR]` prints the table; `npm run eval` includes it.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Row } from "../src/analysis/corpus.ts";
import { parseCsv } from "../src/analysis/csv.ts";
import { createAnalyzer } from "../src/analysis/index.ts";
import { modelsFrom } from "../src/analysis/models.ts";
import type { Analyzer } from "../src/domain/analysis.ts";
import { type DataSets, dataDir, loadDataSets } from "./data.ts";
import { f1Of, macroF1, withInterval } from "./evalStats.ts";
import { restrict, trainAll } from "./mix.ts";

type Source = "airline" | "complaints" | "banking";
export const SOURCES: readonly Source[] = ["airline", "complaints", "banking"];

/**
 * What the analyzer makes of a post to the brand with this handle: by default the first handle
 * in the post (these sets are posts to brands' accounts); none for queries written to no one.
 */
const intentOf = (a: Analyzer, text: string, handle = /@(\w+)/.exec(text)?.[1]) =>
  a.analyze({ text, brandHandles: handle ? [handle] : [], author: { handle: "someone", followers: 100 } })
    .intent.label;

const AIRLINE_HANDLES: Record<string, string> = {
  "Virgin America": "virginamerica",
  United: "united",
  Southwest: "southwestair",
  // The set's "Delta" rows are posts to @JetBlue.
  Delta: "jetblue",
  "US Airways": "usairways",
  American: "americanair",
};

/** Each source's figures for one analyzer on that source's test rows. */
export function scoreSource(a: Analyzer, source: Source, held: DataSets): Record<string, unknown> {
  if (source === "airline") {
    const rows = held.airline.filter(
      (r) => r.airline_sentiment !== "negative" || (r.negativereason && r.negativereason !== "Can't Tell"),
    );
    const gold = rows.map((r) =>
      r.airline_sentiment === "negative"
        ? "complaint"
        : r.airline_sentiment === "positive"
          ? "praise"
          : "neither",
    );
    const pred = rows.map((r) => {
      const i = intentOf(a, r.text ?? "", AIRLINE_HANDLES[r.airline ?? ""] ?? "united");
      return i === "complaint" || i === "praise" ? i : "neither";
    });
    return {
      n: rows.length,
      intent_macroF1_3: withInterval(macroF1(["complaint", "praise", "neither"]), gold, pred),
      complaint_f1: +f1Of("complaint")(gold, pred).toFixed(4),
      praise_f1: +f1Of("praise")(gold, pred).toFixed(4),
    };
  }
  if (source === "complaints") {
    const brand = held.complaints.filter((r) => !r.domain?.startsWith("random"));
    const random = held.complaints.filter((r) => r.domain?.startsWith("random"));
    const gold = brand.map((r) => (r.is_complaint === "1" ? "yes" : "no"));
    const pred = brand.map((r) => (intentOf(a, r.text ?? "") === "complaint" ? "yes" : "no"));
    return {
      n: brand.length,
      complaint_f1: withInterval(f1Of("yes"), gold, pred),
      random_tweets_called_complaint: +(
        random.filter((r) => intentOf(a, r.text ?? "") === "complaint").length / (random.length || 1)
      ).toFixed(4),
    };
  }
  const rows = held.banking;
  const asking = rows.filter((r) => {
    const i = intentOf(a, r.text ?? "");
    return i === "question" || i === "purchase_intent";
  });
  return { n: rows.length, read_as_question: +(asking.length / (rows.length || 1)).toFixed(4) };
}

/** Direction on twcs-sample threads: a customer's post is to the brand it answers or names, a brand's reply is from it. */
export function twcsDirection(dir: string): Record<string, unknown> {
  const rows: Row[] = parseCsv(readFileSync(resolve(dir, "twcs-sample.csv"), "utf8"));
  const byId = new Map(rows.map((r) => [r.tweet_id!, r]));
  const brands = new Set(rows.filter((r) => r.inbound === "False").map((r) => r.author_id!.toLowerCase()));
  const analyzer = createAnalyzer();
  const gold: string[] = [];
  const pred: string[] = [];
  const opening: { gold: string[]; pred: string[] } = { gold: [], pred: [] };
  for (const r of rows) {
    const text = r.text ?? "";
    const parent = r.in_response_to_tweet_id
      ? byId.get(r.in_response_to_tweet_id.replace(/\.0$/, ""))
      : undefined;
    let brand: string | undefined;
    if (r.inbound === "False") brand = r.author_id!.toLowerCase();
    else if (parent && parent.inbound === "False") brand = parent.author_id!.toLowerCase();
    else brand = [...text.matchAll(/@(\w+)/g)].map((m) => m[1]!.toLowerCase()).find((h) => brands.has(h));
    if (!brand) continue;
    const input = {
      text,
      brandHandles: [brand],
      author: { handle: r.inbound === "False" ? brand : "customer", followers: 100 },
      replyToHandle: parent ? (parent.inbound === "False" ? parent.author_id : "customer") : undefined,
    };
    const label = analyzer.analyze(input).direction.label;
    const expected = r.inbound === "False" ? "from_brand" : "to_brand";
    gold.push(expected);
    pred.push(label);
    // A customer's first post in a thread has no reply target: only its words say where it points.
    if (r.inbound === "True" && !parent) {
      opening.gold.push(expected);
      opening.pred.push(label);
    }
  }
  const acc = (g: string[], p: string[]) =>
    +(g.filter((x, i) => x === p[i]).length / (g.length || 1)).toFixed(4);
  return {
    n: gold.length,
    accuracy: acc(gold, pred),
    customer_opening_posts: { n: opening.gold.length, accuracy_to_brand: acc(opening.gold, opening.pred) },
  };
}

export function sourceTable(sets: DataSets, dir: string) {
  const held = restrict(sets, ["test"]);
  const fit = restrict(sets, ["train", "val"]);
  const shipped = createAnalyzer();
  const table: Record<string, { in_distribution: unknown; held_out_source: unknown }> = {};
  const only = process.env.SOURCES?.split(",");
  for (const s of SOURCES.filter((x) => !only || only.includes(x))) {
    const m = trainAll({ ...fit, [s]: [] });
    const without = createAnalyzer({
      models: modelsFrom(
        `without-${s}`,
        {
          sentiment: m.sentiment,
          sentimentBrand: m.sentimentBrand,
          complaint: m.complaint.model,
          intent: m.intent,
          sarcasm: m.sarcasm.model,
        },
        { complaint: m.complaint.threshold, sarcasm: m.sarcasm.threshold },
      ),
    });
    table[s] = {
      in_distribution: scoreSource(shipped, s, held),
      held_out_source: scoreSource(without, s, held),
    };
    console.error(`source ${s}: ${JSON.stringify(table[s])}`);
  }
  return { held_out_sources: table, twcs_direction: twcsDirection(dir) };
}

if (import.meta.main) {
  const dir = dataDir();
  const only = process.argv.includes("--direction");
  const out = only ? { twcs_direction: twcsDirection(dir) } : sourceTable(loadDataSets(dir), dir);
  console.log(JSON.stringify(out, null, 2));
}

/** Baselines and the simulated agent-decision learning curve used by scripts/eval.ts. */
import type { Row } from "../src/analysis/corpus.ts";
import { DEFAULT_FEATURES, featurize } from "../src/analysis/features.ts";
import { seededRandom, shuffleInPlace } from "../src/analysis/random.ts";
import { RelevanceFilter } from "../src/analysis/relevance.ts";

const POS = new Set(
  "good great love thanks thank awesome amazing best excellent happy nice appreciate helpful wonderful perfect fantastic glad kind".split(
    " ",
  ),
);
const NEG = new Set(
  "bad worst terrible awful hate delayed delay cancelled broken rude lost never poor horrible angry disappointed fail failed problem issue wrong waiting".split(
    " ",
  ),
);

/** A word-count lexicon baseline of the kind off-the-shelf tools use. */
export function lexiconSentiment(text: string): string {
  let s = 0;
  for (const w of text.toLowerCase().match(/[a-z']+/g) ?? []) s += POS.has(w) ? 1 : NEG.has(w) ? -1 : 0;
  return s > 0 ? "positive" : s < 0 ? "negative" : "neutral";
}

/** Online multinomial naive Bayes over the same hashed features: the baseline the filter must beat. */
class OnlineNaiveBayes {
  private counts = [new Map<number, number>(), new Map<number, number>()];
  private totals = [0, 0];
  private docs = [0, 0];
  score(text: string): number {
    const x = featurize(text, DEFAULT_FEATURES).vector;
    const lp = [0, 1].map((c) => {
      let s = Math.log((this.docs[c]! + 1) / (this.docs[0]! + this.docs[1]! + 2));
      for (let j = 0; j < x.idx.length; j++)
        s +=
          x.val[j]! *
          Math.log(((this.counts[c]!.get(x.idx[j]!) ?? 0) + 0.1) / (this.totals[c]! + 0.1 * (1 << 18)));
      return s;
    });
    return 1 / (1 + Math.exp(lp[0]! - lp[1]!));
  }
  learn(text: string, y: boolean): void {
    const c = y ? 1 : 0;
    const x = featurize(text, DEFAULT_FEATURES).vector;
    this.docs[c]!++;
    for (let j = 0; j < x.idx.length; j++) {
      this.counts[c]!.set(x.idx[j]!, (this.counts[c]!.get(x.idx[j]!) ?? 0) + x.val[j]!);
      this.totals[c]! += x.val[j]!;
    }
  }
}

/**
 * Simulated agents: a campaign wants brand-domain posts (relevant) and not random tweets. After
 * N decisions, precision and recall are measured on a fixed held-out set of 400 posts.
 */
export function relevanceCurve(complaints: Row[], steps: number[], seed: number) {
  const rows = shuffleInPlace(
    complaints.map((r) => ({ text: r.text ?? "", relevant: !(r.domain ?? "").startsWith("random") })),
    seededRandom(seed),
  );
  const test = rows.slice(0, 400);
  const stream = rows.slice(400);
  const measure = (score: (t: string) => number) => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (const r of test) {
      const p = score(r.text) >= 0.5;
      if (p && r.relevant) tp++;
      else if (p) fp++;
      else if (r.relevant) fn++;
    }
    const precision = tp + fp ? tp / (tp + fp) : 0;
    const recall = tp + fn ? tp / (tp + fn) : 0;
    return {
      precision: +precision.toFixed(4),
      recall: +recall.toFixed(4),
      f1: +(precision + recall ? (2 * precision * recall) / (precision + recall) : 0).toFixed(4),
    };
  };
  const filter = new RelevanceFilter();
  const nb = new OnlineNaiveBayes();
  const curve: unknown[] = [];
  let seen = 0;
  for (const n of steps) {
    for (; seen < n && seen < stream.length; seen++) {
      filter.learn(stream[seen]!.text, stream[seen]!.relevant);
      nb.learn(stream[seen]!.text, stream[seen]!.relevant);
    }
    const pq = filter.stats();
    curve.push({
      decisions: n,
      filter: measure((t) => filter.score(t)),
      naive_bayes: measure((t) => nb.score(t)),
      prequential: { precision: +pq.precision.toFixed(4), recall: +pq.recall.toFixed(4) },
    });
  }
  return { relevant_share: +(test.filter((r) => r.relevant).length / test.length).toFixed(4), curve };
}

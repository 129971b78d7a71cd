/**
 * What each shipped model is trained on, shared by `npm run train` (train + validation rows),
 * scripts/tune.ts (train rows, scored on validation) and the eval's cross-domain table. Rows are
 * kept or dropped by the hash split of their text (src/analysis/hashSplit.ts), so the test rows
 * that `npm run eval` reports are never seen by a shipped model.
 */
import { complaintExamples, intentExamples, type Row, type TextExample } from "../src/analysis/corpus.ts";
import {
  complaintNegatives,
  sarcasmExamples,
  wideIntentExamples,
  wideSentimentExamples,
} from "../src/analysis/corpusWide.ts";
import { type SplitName, splitOf } from "../src/analysis/hashSplit.ts";
import type { LinearModel } from "../src/analysis/linear.ts";
import {
  bestThreshold,
  innerSplit,
  JOINT,
  type JointHead,
  trainComplaintModel,
  trainIntent,
  trainJointHeads,
  trainSarcasmModel,
  trainSentiment,
} from "../src/analysis/recipes.ts";
import { blendLinear } from "../src/analysis/trainJoint.ts";
import type { DataSets } from "./data.ts";

/** Every set restricted to the rows whose text hashes into one of `splits`. */
export function restrict(sets: DataSets, splits: readonly SplitName[]): DataSets {
  const keep = (rows: Row[]) => rows.filter((r) => splits.includes(splitOf(r.text ?? "")));
  return Object.fromEntries(Object.entries(sets).map(([k, rows]) => [k, keep(rows)])) as unknown as DataSets;
}

export interface TrainedModels {
  sentiment: LinearModel;
  /** Brand posts only (airline): blended in for English posts addressed to or about a brand. */
  sentimentBrand: LinearModel;
  complaint: { model: LinearModel; threshold: number };
  intent: LinearModel;
  sarcasm: { model: LinearModel; threshold: number };
}

const thrice = <T>(rows: T[]) => [...rows, ...rows, ...rows];

export const mixes = {
  // Airline and multilingual rows count three times: brand posts are the product's own domain,
  // and each language has few rows beside the 35,000 English general tweets.
  sentiment: (s: DataSets) =>
    wideSentimentExamples({ ...s, airline: thrice(s.airline), multilingual: thrice(s.multilingual) }),
  sentimentBrand: (s: DataSets) => wideSentimentExamples({ ...s, semeval: [], multilingual: [] }),
  complaint: (s: DataSets) => [...complaintExamples(s.complaints), ...complaintNegatives(s)],
  intent: (s: DataSets) => [...intentExamples(s), ...wideIntentExamples(s)],
  sarcasm: (s: DataSets) => sarcasmExamples(s),
};

/**
 * Everything the shipped models are made of: the linear models, the joint (shared-embedding)
 * model's heads, and for the two detectors the probes trained without an inner split, on which
 * their thresholds are chosen. `assemble` blends them; scripts/tuneJoint.ts assembles one set of
 * parts with several shares.
 */
export interface TrainedParts {
  linear: Omit<TrainedModels, "complaint" | "sarcasm"> & { complaint: LinearModel; sarcasm: LinearModel };
  joint?: Record<JointHead, LinearModel>;
  probes: {
    linear: Record<"complaint" | "sarcasm", LinearModel>;
    joint?: Record<JointHead, LinearModel>;
    held: Record<"complaint" | "sarcasm", TextExample[]>;
  };
}

export function trainParts(sets: DataSets, withJoint = true): TrainedParts {
  const rows = {
    sentiment: mixes.sentiment(sets),
    complaint: mixes.complaint(sets),
    intent: mixes.intent(sets),
    sarcasm: mixes.sarcasm(sets),
  };
  const c = innerSplit(rows.complaint);
  const k = innerSplit(rows.sarcasm);
  // The joint probe must not see the held rows through another head (a general tweet is a
  // sentiment row and a complaint negative).
  const held = new Set([...c.test, ...k.test].map((r) => r.text));
  const minus = (r: TextExample[]) => r.filter((x) => !held.has(x.text));
  return {
    linear: {
      sentiment: trainSentiment(rows.sentiment),
      sentimentBrand: trainSentiment(mixes.sentimentBrand(sets)),
      complaint: trainComplaintModel(rows.complaint),
      intent: trainIntent(rows.intent),
      sarcasm: trainSarcasmModel(rows.sarcasm),
    },
    joint: withJoint ? trainJointHeads(rows) : undefined,
    probes: {
      linear: { complaint: trainComplaintModel(c.train), sarcasm: trainSarcasmModel(k.train) },
      joint: withJoint
        ? trainJointHeads({
            sentiment: minus(rows.sentiment),
            complaint: c.train,
            intent: minus(rows.intent),
            sarcasm: k.train,
          })
        : undefined,
      held: { complaint: c.test, sarcasm: k.test },
    },
  };
}

/** The shipped models from their parts: each head's logits blended with the joint model's by its share. */
export function assemble(p: TrainedParts, share: Record<JointHead, number> = JOINT.share): TrainedModels {
  const mix = (lin: LinearModel, joint: LinearModel | undefined, s: number) => {
    if (s > 0 && !joint) throw new Error("a share of the joint model needs the joint model trained");
    return joint ? blendLinear(lin, joint, s) : lin;
  };
  const detector = (name: "complaint" | "sarcasm") => ({
    model: mix(p.linear[name], p.joint?.[name], share[name]),
    threshold: bestThreshold(
      mix(p.probes.linear[name], p.probes.joint?.[name], share[name]),
      p.probes.held[name],
    ),
  });
  return {
    sentiment: mix(p.linear.sentiment, p.joint?.sentiment, share.sentiment),
    sentimentBrand: p.linear.sentimentBrand,
    complaint: detector("complaint"),
    intent: mix(p.linear.intent, p.joint?.intent, share.intent),
    sarcasm: detector("sarcasm"),
  };
}

export function trainAll(sets: DataSets): TrainedModels {
  return assemble(
    trainParts(
      sets,
      Object.values(JOINT.share).some((s) => s > 0),
    ),
  );
}

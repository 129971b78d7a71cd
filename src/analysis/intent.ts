/**
 * Intent scores, one per intent in 0..1 (multi-label: a post can be a complaint and a question).
 * complaint comes from the complaint detector, praise leans on positive sentiment, the rest on the
 * intent seed model; cue phrases raise a score when the model misses an explicit one.
 */
import { INTENTS, type Intent } from "../domain/analysis.ts";

const CUES: Partial<Record<Intent, RegExp>> = {
  question:
    /\?|^(how|what|when|where|why|who|which|can|could|does|do|is|are|will|would|should|any ?one)\b|\b(help me|does anyone know|how (do|can|to) )\b/i,
  purchase_intent:
    /\b(want to buy|thinking (of|about) (buying|getting|switching)|how much (is|does|for)|price of|where can i (buy|get)|looking to (buy|purchase|order)|upgrade to|sign me up|i'?d like to order)\b/i,
  feedback:
    /\b(would be (nice|great|better|helpful)|it would help if|you should (add|make|offer|have|let)|suggestions?|feature request|idea for|i wish (you|there|it)|would love (it if|to see)|(please|pls|could you|can you) (add|consider|bring back|allow|offer|let us)|why not (add|offer|let)|it'?d be nice)\b/i,
  spam: /\b(free followers|click (here|the link)|crypto giveaway|dm for promo|follow ?back|earn \$?\d+|work from home|cheap (likes|followers|views))\b/i,
};

export interface IntentSignals {
  /** Complaint detector probability, calibrated so its threshold maps to 0.5. */
  complaint: number;
  positive: number;
  negative: number;
  /** Intent seed model probabilities in INTENTS order. */
  seed: ArrayLike<number>;
}

export interface IntentScores {
  scores: Record<Intent, number>;
  cues: Intent[];
}

export function scoreIntents(text: string, s: IntentSignals): IntentScores {
  const seed = (i: Intent) => s.seed[INTENTS.indexOf(i)] ?? 0;
  const sample = text.length > 2000 ? text.slice(0, 2000) : text;
  const cues = (Object.keys(CUES) as Intent[]).filter((i) => CUES[i]!.test(sample));
  const cue = (i: Intent) => (cues.includes(i) ? 0.7 : 0);
  const scores = {} as Record<Intent, number>;
  scores.complaint = 0.8 * s.complaint + 0.2 * seed("complaint");
  // A suggestion often names what is missing or annoying ("dark mode please, my eyes hurt"); the
  // complaint detector reads that as a complaint, but the post asks for a change: feedback.
  if (cues.includes("feedback")) scores.complaint *= 0.6;
  scores.question = Math.max(seed("question"), cue("question"));
  scores.praise = (0.5 * s.positive + 0.5 * seed("praise")) * (1 - 0.6 * scores.complaint);
  scores.purchase_intent = Math.max(seed("purchase_intent"), cue("purchase_intent"));
  scores.feedback = Math.max(seed("feedback"), cue("feedback"));
  scores.spam = Math.max(seed("spam"), cue("spam"));
  const strongest = Math.max(
    scores.complaint,
    scores.question,
    scores.praise,
    scores.purchase_intent,
    scores.feedback,
    scores.spam,
  );
  scores.other = Math.max(0, Math.min(1, 1 - strongest)) * (0.5 + 0.5 * seed("other"));
  return { scores, cues };
}

/** The primary intent; a complaint outranks a question of equal strength (it is what the agent fixes). */
export function primaryIntent(scores: Record<Intent, number>): Intent {
  let best: Intent = "other";
  for (const i of INTENTS) if (scores[i] > scores[best] + 1e-9) best = i;
  if (best === "question" && scores.complaint >= 0.5) best = "complaint";
  return best;
}

export const logit = (p: number): number => {
  const q = Math.min(0.99, Math.max(0.01, p));
  return Math.log(q / (1 - q));
};
export const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

/**
 * Intent scores, one per intent in 0..1 (multi-label: a post can be a complaint and a question).
 * complaint comes from the complaint detector and the seed model, praise leans on positive
 * sentiment, the rest on the intent seed model; cue phrases (intentCues.ts) raise a score when the
 * models miss an explicit one.
 */
import { INTENTS, type Intent } from "../domain/analysis.ts";
import {
  ANGER,
  ASKS,
  CUES,
  DIFFICULTY,
  PROBLEM,
  REQUEST,
  RESOLVED,
  SETTLED,
  THANKS,
  WHY,
} from "./intentCues.ts";

/**
 * How the signals are combined. Chosen on the dev half of the brand-intent set
 * (scripts/tuneIntent.ts); never on its test half.
 */
export const INTENT_WEIGHTS = {
  /** Share of the complaint score from the complaint detector; the rest from the seed model. */
  detector: 0.4,
  /**
   * Complaint score kept when no word says something went wrong: the detector was trained on
   * tweets where almost every post to a brand is a complaint, so "@brand" alone reads as one.
   */
  noProblem: 0.7,
  /**
   * Least complaint score when a word says something went wrong: the detector knows English only,
   * so "nadie contesta" or "toujours pas" would otherwise read as nothing at all.
   */
  problemFloor: 0.5,
  /**
   * The same floor for English posts, where the detector was trained: it reads "lost" in "my
   * luggage was lost" as it should, and the floor would make every "not" a complaint.
   */
  problemFloorEnglish: 0.4,
  /** Score a cue phrase gives its intent. */
  cue: 0.7,
  /** A direct wish to buy outranks the question it is usually phrased as. */
  purchaseCue: 0.8,
  /** Score of praise when thanks or praise words come with no word of a problem. */
  thanks: 0.8,
};

/** Handles, greetings and punctuation before a question word. */
const LEADING_NOISE =
  /^[\s,:!.—-]*(?:(?:@\w+|hi|hey|hello|hola|buenas|bonjour|salut|hallo|ol[aá]|oi|ciao|hoi|please|pls)(?![\w\u00C0-\u024F])[\s,:!.—-]*)*/i;

/** The cue table as a list, built once rather than per post. */
const CUE_LIST = Object.entries(CUES) as [Intent, RegExp][];

export interface IntentSignals {
  /** Complaint detector probability, calibrated so its threshold maps to 0.5. */
  complaint: number;
  positive: number;
  negative: number;
  /** Intent seed model probabilities in INTENTS order. */
  seed: ArrayLike<number>;
  /** An urgency signal that names a fault (outage, fraud, money lost, safety) was found. */
  fault?: boolean;
  /** The post is in English, the language the complaint detector was trained on. */
  english?: boolean;
}

export interface IntentScores {
  scores: Record<Intent, number>;
  cues: Intent[];
  /** Whether a word of a problem counted (after negated and fixed problems were set aside). */
  problem: boolean;
  /** Whether the post asks the brand to do something ("please cancel my account"). */
  request: boolean;
}

/** SETTLED is global (it also serves replace), so each test starts from the beginning. */
function settledIn(text: string): boolean {
  SETTLED.lastIndex = 0;
  return SETTLED.test(text);
}

export function scoreIntents(text: string, s: IntentSignals, w = INTENT_WEIGHTS): IntentScores {
  const seed = (i: Intent) => s.seed[INTENTS.indexOf(i)] ?? 0;
  const sample = text.length > 2000 ? text.slice(0, 2000) : text;
  const cues: Intent[] = [];
  for (const [i, re] of CUE_LIST) if (re.test(sample)) cues.push(i);
  const cue = (i: Intent) => (cues.includes(i) ? (i === "purchase_intent" ? w.purchaseCue : w.cue) : 0);
  // "no complaints", "not bad": a negated problem is praise, and its words are no problem.
  // Ordered so the common post runs two of these tests, not four.
  let problem = PROBLEM.test(sample) || s.fault === true;
  let settled = false;
  let asked = false;
  if (problem) {
    settled = settledIn(sample);
    if (settled) problem = PROBLEM.test(sample.replace(SETTLED, " "));
    // "can't find the roaming settings, where are they?" asks for help: the difficulty is no fault.
    if (problem && !s.fault && cues.includes("question")) {
      DIFFICULTY.lastIndex = 0;
      if (DIFFICULTY.test(sample)) problem = PROBLEM.test(sample.replace(DIFFICULTY, " "));
    }
    // "how do I report a lost card?", "will I be charged if I use it abroad?": the problem is what
    // the question asks about. Anger or a fault that persists ("still", "3 weeks") makes it a complaint.
    if (problem && ASKS.test(sample) && !ANGER.test(sample)) {
      problem = false;
      asked = true;
    }
    // "had a billing mix-up but support sorted it, brilliant": thanks for a fix is praise.
    if (problem && RESOLVED.test(sample) && (THANKS.test(sample) || s.positive > 0.5)) {
      problem = false;
      settled = true;
    }
  }
  // "why has my bill doubled?" reports a fault as a question, in any language; the asker wants it
  // put right, not explained. "Why not add…" is a suggestion.
  let why = false;
  if (!problem && !settled && !cues.includes("feedback") && WHY.test(sample)) {
    problem = true;
    why = true;
  }
  // "please cancel my account", "merci de m'envoyer …": a request, whose polite words thank no one.
  const request = REQUEST.test(sample);
  const thanks = !problem && !request && (settled || THANKS.test(sample) || settledIn(sample));
  const scores = {} as Record<Intent, number>;
  scores.complaint = w.detector * s.complaint + (1 - w.detector) * seed("complaint");
  if (!problem) scores.complaint *= w.noProblem;
  else {
    // In English the detector has read the words already; the full floor is kept for anger, a
    // fault that persists ("again", "still") or an urgency signal naming a fault.
    const floor =
      s.english && !s.fault && !why && !ANGER.test(sample) ? w.problemFloorEnglish : w.problemFloor;
    scores.complaint = Math.max(scores.complaint, floor);
  }
  // A suggestion often names what is missing or annoying ("dark mode please, my eyes hurt"); the
  // complaint detector reads that as a complaint, but the post asks for a change: feedback.
  if (cues.includes("feedback")) scores.complaint *= 0.6;
  // A request names what it wants done ("cancel my account"): the detector reads the words of
  // an ending as a grievance. Without a word of a problem it is a request.
  if (request && !problem) scores.complaint *= 0.6;
  scores.question = Math.max(seed("question"), cue("question"), asked || request ? w.cue : 0);
  if (request && !cues.includes("question")) cues.push("question");
  // "I'd like to order the phone, how do I do that?": the question serves the purchase.
  if (cues.includes("purchase_intent")) scores.question = Math.min(scores.question, w.purchaseCue - 0.05);
  scores.praise = (0.5 * s.positive + 0.5 * seed("praise")) * (1 - 0.6 * scores.complaint);
  // Thanks with nothing wrong is praise, even when the detector half-reads a complaint.
  if (thanks && !problem) scores.praise = Math.max(scores.praise, w.thanks);
  scores.purchase_intent = Math.max(seed("purchase_intent"), cue("purchase_intent"));
  scores.feedback = Math.max(seed("feedback"), cue("feedback"));
  scores.spam = Math.max(seed("spam"), cue("spam"));
  // "WIN a free fridge, amazing prizes": the lure's praise words praise nothing.
  if (cues.includes("spam")) scores.praise = Math.min(scores.praise, scores.spam - 0.05);
  const strongest = Math.max(
    scores.complaint,
    scores.question,
    scores.praise,
    scores.purchase_intent,
    scores.feedback,
    scores.spam,
  );
  scores.other = Math.max(0, Math.min(1, 1 - strongest)) * (0.5 + 0.5 * seed("other"));
  if (thanks && !problem) cues.push("praise");
  return { scores, cues, problem, request };
}

/**
 * The words that raised an intent, for its explanation: the cue phrase, or for a complaint the
 * word of a problem. Run for the primary intent only, so most cue tests need no match object.
 */
export function cueWords(text: string, intent: Intent, scored: IntentScores): string | undefined {
  const sample = text.length > 2000 ? text.slice(0, 2000) : text;
  const re =
    intent === "complaint"
      ? scored.problem
        ? PROBLEM
        : undefined
      : scored.cues.includes(intent)
        ? CUES[intent]
        : undefined;
  const m = re?.exec(sample) ?? (intent === "question" ? REQUEST.exec(sample) : null);
  // The question cue spans the handles and greeting before its question word: show the word.
  return m ? m[0].replace(LEADING_NOISE, "").trim().toLowerCase() || m[0].trim() : undefined;
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

/**
 * Sarcasm and what it does to the other labels. "Oh wonderful, my bill doubled again, thanks so
 * much 🙄" carries positive words about a bad event: read literally it is praise. When the post
 * carries a marker (🙄, "yeah right") or praise framing a problem ("great, another delay"), the
 * positive reading is moved to negative and the praise score is damped; the complaint score may
 * then lead. The detector alone only raises the flag: it is too weak (F1 about 0.4 on
 * iSarcasmEval) to overturn what the words say, even beside a word of a problem.
 */
import { PROBLEM, RESOLVED } from "./intentCues.ts";

export interface SarcasmResult {
  flag: boolean;
  /** Calibrated so the detector's threshold maps to 0.5. */
  confidence: number;
  explanation: string;
}

/** Eye-rolls, "yeah right", "just what I needed": markers that say the words mean the opposite. */
const MARKERS =
  /🙄|😒|🙃|\b(?:yeah right|oh (?:great|wonderful|joy|brilliant|perfect|lovely)|just what i needed|thanks (?:a lot|for nothing)|love (?:it )?when|so glad|totally|genau|super, |merci bien|qu[eé] bien|gracias por nada|que [oó]timo)\b/i;

/**
 * Praise that frames a complaint: an exclamation of praise opening or closing the post ("great,
 * another delay", "… wobbles on day one. lovely", "qué maravilla, otra semana sin fibra"), or
 * "love how / love paying". Read as sarcasm only beside a word of a problem that was not put right.
 */
const FRAME =
  /^(?:\s*@\w+)*[\s,]*(?:oh,? )?(?:great|wonderful|fantastic|brilliant|lovely|perfect|awesome|genius|bravo|nice one|well done|qu[eé] maravilla|genial|fant[aá]stico|perfecto|g[ée]nial|fantastique|magnifique|parfait|formidable|toll|klasse|prima|[oó]timo|maravilha|perfeito|fantastico|perfetto|geweldig)(?:[,.!…]|\s+@)|[,.!…]\s*(?:oh )?(?:great|lovely|genius|bravo|brilliant|perfect|amazing|fantastic|wonderful|great (?:job|work|service|business model)|well done|thanks (?:so much|a lot)|merci beaucoup|gracias por tanto|danke auch|obrigad[oa] por nada|grazie tante|(?:really|much) appreciated?(?: it)?|so grateful|made my day|great timing(?: as always)?|trop sympa|tr[eè]s sympa|muy amables|echt super|ganz toll|nota 10|complimenti|echt fantastisch)[\s.!]*[^\w\s]{0,4}\s*$|\blove (?:how|paying|that you|waiting)\b/i;

/**
 * Thanks for something that went wrong ("thanks so much for losing my bag", "merci pour la
 * facture en double", "danke für drei Stunden Warteschleife"): read as sarcasm when a word of a
 * problem follows the thanks and nothing was put right.
 */
const THANKS_FOR =
  /\b(?:thanks?|thank you|cheers|merci|gracias|danke|obrigad[oa]|grazie(?: mille)?|bedankt)(?: so much| a lot| a bunch| beaucoup| muito| mille| vielmals)?(?: @\w+)? (?:for|pour|por|pelo|pela|f[üu]r|per|voor)\b/i;

/**
 * The detector's margin (log-odds of "yes") mapped to a probability of sarcasm: Platt scaling
 * fitted on the iSarcasmEval validation rows (about a quarter sarcastic) with models trained
 * without them (`node scripts/tuneTriage.ts calibrate`). The flag's threshold sits far below
 * 0.5 on this scale (F1 is best when the detector flags generously), so a flagged post's
 * confidence is often under 0.5: the flag is a lead, not a verdict.
 */
export const SARCASM_CALIBRATION = { scale: 0.2, shift: -0.736 };

/** A marker ("yeah right", 🙄) or a praise frame is taken as this likely at least (not fitted). */
export const MARKER_CONFIDENCE = 0.6;

/** Probability that a post is sarcastic, from the detector's margin. */
export function sarcasmProbability(margin: number): number {
  return 1 / (1 + Math.exp(-(SARCASM_CALIBRATION.scale * margin + SARCASM_CALIBRATION.shift)));
}

/** Below this the marker look is skipped: a marker lifts a post to 0.6, far from this. */
const MARKER_LOOK = 0.2;

/** What thanks are genuinely for: help, a fix, a quick answer ("thanks for the quick fix on the crash"). */
const GENUINE_THANKS =
  /^\s*(?:the |your |all (?:the |your )?)?(?:quick|fast|speedy|prompt|great|kind|patient|help|support|fix(?:ing)?|sort(?:ing)?|solving|resolving|helping|replying|getting back|looking into|update|info|heads up|ayuda|r[aá]pid\w*|aide|hilfe|schnell\w*|ajuda|aiuto|hulp|snel\w*)\b/i;

/**
 * Log-odds added to the detector's reading of a post to or about a brand that carries no marker.
 * The detector's threshold was chosen on its training mix, 29 % sarcastic (TweetEval irony about
 * half, iSarcasmEval a quarter, brand posts none); posts to brands are about 8 % sarcastic (the
 * dev half of the brand-post set: 6 of 78). The same evidence is worth less at the lower prior:
 * ln(odds(0.08) / odds(0.29)) ≈ −1.6.
 */
/** A shift of −∞ leaves the flag to markers and praise frames alone. */
export const BRAND_PRIOR_SHIFT = Math.log(0.08 / 0.92 / (0.29 / 0.71));

export function readSarcasm(
  text: string,
  confidence: number,
  positive = 1,
  priorShift = 0,
): SarcasmResult & { flip: boolean; marked: boolean } {
  const sample = text.length > 2000 ? text.slice(0, 2000) : text;
  // Markers matter where the words read positive or the model half-suspects irony; elsewhere
  // (most posts) the look is skipped.
  const look = confidence >= MARKER_LOOK || positive >= 0.3;
  let marker = look ? MARKERS.exec(sample) : null;
  if (look && marker === null) {
    const frame = FRAME.exec(sample);
    if (frame && PROBLEM.test(sample) && !RESOLVED.test(sample)) marker = frame;
    else if (!frame) {
      const thanks = THANKS_FOR.exec(sample);
      const after = thanks ? sample.slice(thanks.index + thanks[0].length) : "";
      if (thanks && !GENUINE_THANKS.test(after) && PROBLEM.test(after) && !RESOLVED.test(sample))
        marker = thanks;
    }
  }
  const prior =
    priorShift === 0 || confidence <= 0 || confidence >= 1
      ? confidence
      : 1 / (1 + ((1 - confidence) / confidence) * Math.exp(-priorShift));
  const c = marker ? Math.max(confidence, 0.6) : prior;
  // Positive words about a problem that was put right ("thanks for the quick fix on the crash")
  // are meant: without a marker, the literal reading stands.
  const flag = c >= 0.5 && (marker !== null || !RESOLVED.test(sample));
  if (!flag) return { flag, confidence: c, explanation: "literal reading", flip: false, marked: false };
  const problem = PROBLEM.exec(sample);
  // Only a marker or a praise frame turns the reading: the detector with a problem word turned
  // 3.7 % of general tweets, four in five of them really positive (validation rows).
  const flip = marker !== null;
  const why = marker
    ? `sarcasm marker "${marker[0]
        .replace(/^[\s,.!…]*(?:@\w+[\s,]*)*/, "")
        .replace(/[\s,.!…]+$/, "")
        .toLowerCase()}"`
    : problem
      ? `positive words about a problem ("${problem[0].toLowerCase()}")`
      : "sarcastic phrasing";
  return { flag, confidence: c, explanation: `sarcastic: ${why}`, flip, marked: marker !== null };
}

/** The sentiment probabilities [negative, neutral, positive] read sarcastically, in place. */
export function flipSentiment(p: Float64Array | number[], strength: number): void {
  const moved = p[2]! * strength;
  p[2]! -= moved;
  p[0]! += moved;
}

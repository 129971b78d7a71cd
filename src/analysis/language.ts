/**
 * Language identification with eld's small static database, which is loaded when the module is
 * imported, so detection stays synchronous. Handles, links and numbers are removed first: they
 * say nothing about the language and mislead short posts.
 */
import { eld } from "eld/small";

const NOISE = /(?:https?:\/\/|www\.)\S+|[@#]\w+|\d+|[\p{P}\p{S}]/gu;
/** Below this many letters a guess is noise: "ok", "lol" and "?!" are reported as "und". */
const MIN_LETTERS = 8;
const MAX_CHARS = 300;

export interface LanguageGuess {
  language: string;
  reliable: boolean;
}

/**
 * Words that are common in English and rare as words elsewhere. Most brand posts are English;
 * an ASCII-only post with several of them is English without running the n-gram detector,
 * which is the costliest step of the analysis.
 */
const ENGLISH = new Set(
  "the and you your my is was are were for with this that have has not what just been would could should there their they our from about will can't don't i'm it's i how it to of we if get now want know anyone thanks please why when can still any who".split(
    " ",
  ),
);
const WORD = /[a-z']+/g;

function clearlyEnglish(sample: string): boolean {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the range test is the point
  if (/[^\x00-\x7f]/.test(sample)) return false;
  let words = 0;
  let hits = 0;
  for (const m of sample.toLowerCase().matchAll(WORD)) {
    words++;
    if (ENGLISH.has(m[0])) hits++;
  }
  return hits >= 3 && hits * 4 >= words;
}

export function detectLanguage(text: string): LanguageGuess {
  const sample = (text.length > MAX_CHARS * 2 ? text.slice(0, MAX_CHARS * 2) : text).replace(NOISE, " ");
  const trimmed = sample.replace(/\s+/g, " ").trim().slice(0, MAX_CHARS);
  if (trimmed.replace(/\s/g, "").length < MIN_LETTERS) return { language: "und", reliable: false };
  if (clearlyEnglish(trimmed)) return { language: "en", reliable: true };
  const result = eld.detect(trimmed);
  if (!result.language) return { language: "und", reliable: false };
  return { language: result.language, reliable: result.isReliable() };
}

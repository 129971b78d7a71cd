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

export function detectLanguage(text: string): LanguageGuess {
  const sample = (text.length > MAX_CHARS * 2 ? text.slice(0, MAX_CHARS * 2) : text).replace(NOISE, " ");
  const trimmed = sample.replace(/\s+/g, " ").trim().slice(0, MAX_CHARS);
  if (trimmed.replace(/\s/g, "").length < MIN_LETTERS) return { language: "und", reliable: false };
  const result = eld.detect(trimmed);
  if (!result.language) return { language: "und", reliable: false };
  return { language: result.language, reliable: result.isReliable() };
}

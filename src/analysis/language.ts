/**
 * Language identification. A cheap guess comes first: scripts used by one language (Hangul, kana,
 * Greek, Hebrew, Thai) decide at once, and Latin-script posts are told apart by function words
 * of the common languages. Only when that guess is ambiguous does eld (small static database)
 * run: it costs more than the rest of the analysis of a post. Handles, hashtags, links and numbers
 * are skipped: they mislead short posts.
 */
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { hashString } from "./hash.ts";

type Eld = typeof import("eld/small").eld;
let detector: Eld | undefined;
/**
 * eld's database takes ~180 MB once loaded, so it is loaded on first use (synchronously, so
 * detection stays synchronous): a thread that never detects a language, such as the main thread
 * while an import is analysed on the worker, never pays for it.
 */
function eld(): Eld {
  detector ??= (
    createRequire(import.meta.url)(fileURLToPath(import.meta.resolve("eld/small"))) as { eld: Eld }
  ).eld;
  return detector;
}

/** Below this many letters a guess is noise: "ok", "lol" and "?!" are reported as "und". */
const MIN_LETTERS = 8;
const MAX_CHARS = 300;

export interface LanguageGuess {
  language: string;
  reliable: boolean;
}

/** Frequent words that are rare as words in the other listed languages. */
const FUNCTION_WORDS: Record<string, string> = {
  en: "the and you your my is was are were for with this that have has not what just been would could should there their they our from about will can't don't i'm it's how it to of we if get now want know anyone thanks please why when can still any who i but all out since had did am than them then too very really got after again never today tonight or be at like they're i've i'll isn't didn't won't",
  es: "el los las del que por para pero más muy está esto esta hay todo también como mi tengo ya sin cuando qué gracias porque son desde hasta nada todavía llegado mis nos le se lo",
  fr: "le les des est une pour pas avec sur je vous mon mais très c'est il elle nous ce cette qui dans du au aux toujours depuis merci j'ai ne ma mes",
  de: "der die das und ist nicht ich mit auf ein eine den dem von zu es sie wir mein meine schon noch seit kein keine bitte danke habe wird auch",
  pt: "não você uma está meu minha isso muito ainda obrigado obrigada tem são até já foi pelo pela nao voce em os com ele ela",
  it: "il gli della che non per sono ho è questo questa ancora grazie anche perché molto mio ma nel alla",
  nl: "het een niet ik en van dat met voor op zijn maar nog geen mijn ook wel bedankt",
};
const LANGS = Object.keys(FUNCTION_WORDS);
/** Word hash -> bit set of the languages it is a function word of. */
const WORDS = new Map<number, number>();
LANGS.forEach((lang, i) => {
  for (const w of FUNCTION_WORDS[lang]!.split(" "))
    WORDS.set(hashString(w), (WORDS.get(hashString(w)) ?? 0) | (1 << i));
});
const FNV_PRIME = 0x01000193;
const FNV_OFFSET = 0x811c9dc5;

/** Writing systems, by index; only those that name one language map to it. */
const Script = { Latin: 0, Other: 1, Hangul: 2, Kana: 3, Greek: 4, Hebrew: 5, Thai: 6 } as const;
type Script = (typeof Script)[keyof typeof Script];
const SCRIPT_LANG = ["", "", "ko", "ja", "el", "he", "th"];

function scriptOf(c: number): Script {
  if (c < 0x250) return Script.Latin;
  if (c >= 0x370 && c < 0x400) return Script.Greek;
  if (c >= 0x590 && c < 0x600) return Script.Hebrew;
  if (c >= 0xe00 && c < 0xe80) return Script.Thai;
  if (c >= 0x3040 && c < 0x3100) return Script.Kana;
  if ((c >= 0xac00 && c < 0xd7b0) || (c >= 0x1100 && c < 0x1200)) return Script.Hangul;
  return Script.Other;
}

const isLetter = (c: number) =>
  (c >= 97 && c <= 122) ||
  (c >= 65 && c <= 90) ||
  (c >= 0xc0 && c !== 0xd7 && c !== 0xf7 && !(c >= 0x2000 && c < 0x2c00) && !(c >= 0xd800 && c < 0xe000));

const lower = (c: number) => ((c >= 65 && c <= 90) || (c >= 0xc0 && c <= 0xde && c !== 0xd7) ? c + 32 : c);

/** Strips what says nothing about the language, for eld. */
const NOISE = /(?:https?:\/\/|www\.)\S+|[@#]\w+|\d+|[\p{P}\p{S}]/gu;

export function detectLanguage(text: string): LanguageGuess {
  const n = Math.min(text.length, MAX_CHARS * 2);
  const hits = new Int32Array(LANGS.length);
  const scripts = new Int32Array(7);
  let letters = 0;
  let words = 0;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    // Skip handles, hashtags and links whole.
    if (
      c === 64 ||
      c === 35 ||
      (c === 104 && text.startsWith("http", i)) ||
      (c === 119 && text.startsWith("www.", i))
    ) {
      while (i < n && text.charCodeAt(i) > 32) i++;
      continue;
    }
    if (!isLetter(c)) {
      i++;
      continue;
    }
    let h = FNV_OFFSET;
    while (i < n) {
      const d = text.charCodeAt(i);
      if (isLetter(d)) {
        scripts[scriptOf(d)]!++;
        letters++;
      } else if (!(d === 39 || d === 0x2019) || !isLetter(text.charCodeAt(i + 1))) break;
      h = Math.imul(h ^ (d === 0x2019 ? 39 : lower(d)), FNV_PRIME);
      i++;
    }
    words++;
    const langs = WORDS.get(h >>> 0);
    if (langs) for (let l = 0; l < LANGS.length; l++) if (langs & (1 << l)) hits[l]!++;
  }
  if (letters < MIN_LETTERS) return { language: "und", reliable: false };

  let top: number = Script.Latin;
  for (let s = 1; s < scripts.length; s++) if (scripts[s]! > scripts[top]!) top = s;
  const byScript = SCRIPT_LANG[top];
  if (byScript && scripts[top]! * 2 > letters) return { language: byScript, reliable: true };

  if (top === Script.Latin && scripts[Script.Latin]! === letters) {
    let best = 0;
    let second = -1;
    for (let l = 1; l < LANGS.length; l++) {
      if (hits[l]! > hits[best]!) {
        second = best;
        best = l;
      } else if (second < 0 || hits[l]! > hits[second]!) second = l;
    }
    const b = hits[best]!;
    const s = hits[second]!;
    // Several function words of one language, few of any other, and a fair share of the words.
    if ((b >= 3 && b >= 3 * s && b * 5 >= words) || (b >= 2 && s === 0 && b * 4 >= words)) {
      return { language: LANGS[best]!, reliable: true };
    }
  }
  const sample = text.slice(0, n).replace(NOISE, " ").replace(/\s+/g, " ").trim().slice(0, MAX_CHARS);
  const result = eld().detect(sample);
  if (!result.language) return { language: "und", reliable: false };
  return { language: result.language, reliable: result.isReliable() };
}

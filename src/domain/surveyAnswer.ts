/**
 * Reads a customer's answer to a satisfaction survey as a rating from 1 to 5, or null when the post
 * is not plainly one: digits ("4", "4/5", "5 out of 5"), stars (★★★★☆, ⭐⭐⭐, ***), emoji, and
 * number or quality words in English, Spanish, French, German, Portuguese and Italian. Conservative
 * on purpose: a long post, a negation, two different ratings or a number that counts something
 * else ("3 hours") is not a rating, and goes through normal triage instead.
 */
import { foldText } from "./approval.ts";

export type Rating = 1 | 2 | 3 | 4 | 5;

/** Posts longer than this many words are read as messages, not answers. */
const MAX_WORDS = 12;
/** Words beside a rating that are neither fillers nor ratings ("5, you were fast" has three). */
const MAX_OTHER_WORDS = 4;

const NUMBER_WORDS: Record<string, Rating> = {};
const QUALITY_WORDS: Record<string, Rating> = {};
function words(table: Record<string, Rating>, rating: Rating, list: string) {
  for (const w of list.split(",")) table[foldText(w.trim())] = rating;
}
// Number words (folded: lower-case, no accents).
words(NUMBER_WORDS, 1, "one,uno,una,un,une,eins,um,uma");
words(NUMBER_WORDS, 2, "two,dos,deux,zwei,dois,duas,due");
words(NUMBER_WORDS, 3, "three,tres,trois,drei,três,tre");
words(NUMBER_WORDS, 4, "four,cuatro,quatre,vier,quatro,quattro");
words(NUMBER_WORDS, 5, "five,cinco,cinq,fünf,fuenf,cinque");
// Quality words and phrases, from poor to excellent.
words(
  QUALITY_WORDS,
  1,
  "terrible,awful,horrible,useless,very bad,very poor,worst,pésimo,pesimo,fatal,muy mal,nul,nulle,catastrophique,très mauvais,schrecklich,furchtbar,sehr schlecht,katastrophal,péssimo,pessimo,horrível,orribile,pessima,inutile",
);
words(QUALITY_WORDS, 2, "bad,poor,mal,malo,mala,mauvais,mauvaise,schlecht,mangelhaft,ruim,fraco,scarso,male");
words(
  QUALITY_WORDS,
  3,
  "ok,okay,average,so so,so-so,fine,meh,regular,normal,más o menos,moyen,moyenne,bof,passable,mittel,mittelmäßig,geht so,razoável,mais ou menos,médio,discreto,così così,sufficiente",
);
words(
  QUALITY_WORDS,
  4,
  "good,pretty good,nice,bien,bueno,buena,bon,bonne,gut,bom,boa,buono,buona,bene,assez bien,bastante bien",
);
words(
  QUALITY_WORDS,
  5,
  "excellent,great,perfect,amazing,awesome,fantastic,outstanding,very good,superb,excelente,genial,perfecto,muy bien,muy bueno,fantástico,très bien,parfait,parfaite,génial,super,ausgezeichnet,hervorragend,sehr gut,perfekt,toll,klasse,ótimo,otimo,perfeito,muito bom,muito bem,eccellente,ottimo,ottima,perfetto,benissimo,molto bene,fantastico,top",
);

const NEGATIONS = new Set(
  [
    "not",
    "no",
    "never",
    "isn't",
    "wasn't",
    "don't",
    "nicht",
    "kein",
    "keine",
    "pas",
    "ne",
    "non",
    "não",
    "nao",
    "nunca",
    "jamais",
    "mai",
    "nem",
    "doesn't",
    "didn't",
    "won't",
    "can't",
    "wasnt",
    "isnt",
    "dont",
  ].map(foldText),
);

/** Words that may stand around a rating without making it a message ("I give you 5, thanks!"). */
const FILLERS = new Set(
  [
    "i",
    "i'd",
    "id",
    "give",
    "you",
    "a",
    "it",
    "it's",
    "its",
    "was",
    "is",
    "my",
    "rating",
    "rate",
    "score",
    "thanks",
    "thank",
    "thx",
    "ty",
    "for",
    "the",
    "help",
    "out",
    "of",
    "from",
    "stars",
    "star",
    "points",
    "gracias",
    "le",
    "doy",
    "un",
    "de",
    "estrellas",
    "estrella",
    "sobre",
    "nota",
    "puntos",
    "es",
    "fue",
    "merci",
    "je",
    "vous",
    "donne",
    "sur",
    "étoiles",
    "étoile",
    "c'est",
    "cest",
    "était",
    "note",
    "danke",
    "ich",
    "gebe",
    "euch",
    "ihnen",
    "von",
    "sterne",
    "stern",
    "punkte",
    "war",
    "es",
    "obrigado",
    "obrigada",
    "dou",
    "estrelas",
    "estrela",
    "foi",
    "é",
    "grazie",
    "do",
    "su",
    "stelle",
    "stella",
    "voto",
    "è",
    "era",
    "and",
    "y",
    "et",
    "und",
    "e",
    "very",
    "muy",
    "très",
    "sehr",
    "muito",
    "molto",
    "really",
    "so",
  ].map(foldText),
);

const EMOJI: Array<[string, Rating]> = [
  ["😡", 1],
  ["🤬", 1],
  ["😠", 1],
  ["👎", 1],
  ["😤", 1],
  ["😞", 2],
  ["🙁", 2],
  ["☹", 2],
  ["😕", 2],
  ["😟", 2],
  ["😐", 3],
  ["😑", 3],
  ["🤷", 3],
  ["🙂", 4],
  ["😊", 4],
  ["👍", 4],
  ["😀", 5],
  ["😃", 5],
  ["😄", 5],
  ["😁", 5],
  ["😍", 5],
  ["🤩", 5],
  ["🥰", 5],
  ["💯", 5],
  ["❤", 5],
  ["🙌", 5],
];
const KEYCAP = /([1-5])\uFE0F?\u20E3/gu;
const OUT_OF = /(?<!\d)([1-5])\s*(?:\/|out of|of|de|sur|von|su|em)\s*5(?!\d)/gu;
const STAR_RUN = /[★⭐☆✩✰]+|(?<![\w*])\*{1,5}(?![\w*])/gu;
const FULL_STARS = /[★⭐]/gu;

function isRating(n: number): n is Rating {
  return Number.isInteger(n) && n >= 1 && n <= 5;
}

/** The rating the text gives, or null when it gives none or is not plainly an answer. */
export function parseSurveyAnswer(input: string): Rating | null {
  // Handles and links are not part of the answer; the variation selector only styles emoji.
  let text = foldText(input.normalize("NFC"))
    .replace(/https?:\/\/\S+/g, " ")
    .replace(/(^|\s)@[\w.-]+(@[\w.-]+)?/g, " ")
    .replace(/\uFE0F/g, "");
  const found: Rating[] = [];

  for (const m of text.matchAll(KEYCAP)) found.push(Number(m[1]) as Rating);
  text = text.replace(KEYCAP, " ");
  for (const m of text.matchAll(OUT_OF)) found.push(Number(m[1]) as Rating);
  text = text.replace(OUT_OF, " ");
  for (const m of text.matchAll(STAR_RUN)) {
    const run = m[0];
    const stars = run.startsWith("*") ? run.length : (run.match(FULL_STARS) ?? []).length;
    if (!isRating(stars)) return null;
    found.push(stars);
  }
  text = text.replace(STAR_RUN, " ");
  for (const [emoji, rating] of EMOJI) {
    if (text.includes(emoji)) {
      found.push(rating);
      text = text.split(emoji).join(" ");
    }
  }
  // Whatever is left that is neither a word nor a digit (punctuation, other emoji) is ignored.
  const tokens = text
    .replace(/[^\p{L}\p{N}'\s-]+/gu, " ")
    .split(/\s+/)
    .filter(Boolean);
  if (tokens.length > MAX_WORDS) return null;

  let negated = false;
  let others = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const pair = i + 1 < tokens.length ? `${token} ${tokens[i + 1]}` : null;
    if (pair && QUALITY_WORDS[pair]) {
      found.push(QUALITY_WORDS[pair]);
      i++;
      continue;
    }
    if (/^\d+$/.test(token)) {
      const n = Number(token);
      // A number that is not 1–5, or that counts something ("3 hours"), is not an answer.
      const next = tokens[i + 1];
      if (!isRating(n) || (next !== undefined && !FILLERS.has(next) && !QUALITY_WORDS[next])) return null;
      found.push(n);
      continue;
    }
    if (NEGATIONS.has(token)) {
      negated = true;
      continue;
    }
    const quality = QUALITY_WORDS[token];
    if (quality) {
      found.push(quality);
      continue;
    }
    const number = NUMBER_WORDS[token];
    // "un"/"une"/"uno" are also articles: a number word counts only when it stands alone.
    if (number && (tokens.length === 1 || !FILLERS.has(token))) {
      found.push(number);
      continue;
    }
    if (FILLERS.has(token)) continue;
    // Any other word: a short remark beside a rating is fine, a message is not.
    others++;
  }
  if (negated || others > MAX_OTHER_WORDS || found.length === 0) return null;
  const first = found[0]!;
  return found.every((r) => r === first) ? first : null;
}

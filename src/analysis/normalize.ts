/**
 * Text clean-up shared by every model. Models see domain-neutral text: handles, links, numbers
 * and e-mail addresses are masked, so weights learnt on airline posts carry over to other brands.
 */

/** Longest text the models read; longer posts are cut (a 100 kB paste says nothing more). */
export const MAX_MODEL_CHARS = 1000;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const HTML_TAG = /<\/?[a-zA-Z][^<>]{0,200}>/g;
const HTML_ENTITY = /&(amp|lt|gt|quot|apos|nbsp|#\d{1,6}|#x[0-9a-fA-F]{1,5});/g;
const URL = /\b(?:https?:\/\/|www\.)\S+/gi;
const EMAIL = /[\w.+-]+@[\w-]+\.[\w.-]+/g;
const HANDLE = /(^|[^\w])@\w+/g;
const NUMBER = /\d+(?:[.,:/]\d+)*/g;
const HAS_DIGIT = /\d/;
const REPEAT3 = /(.)\1\1/;
const ELONGATED = /(\p{L})\1{2,}/gu;

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

function decodeEntity(_m: string, name: string): string {
  if (name in ENTITIES) return ENTITIES[name]!;
  const code = name.startsWith("#x")
    ? Number.parseInt(name.slice(2), 16)
    : Number.parseInt(name.slice(1), 10);
  return code > 0 && code < 0x110000 && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : " ";
}

/** Replaces unpaired surrogates (broken emoji cut in half) so later steps never see invalid UTF-16. */
export function repairSurrogates(text: string): string {
  if (text.isWellFormed()) return text;
  return text.replace(LONE_SURROGATE, "\uFFFD");
}

/** Strips HTML markup and decodes common entities; posts from RSS and e-mail often carry them. */
export function stripHtml(text: string): string {
  if (text.indexOf("<") < 0 && text.indexOf("&") < 0) return text;
  return text.replace(HTML_TAG, " ").replace(HTML_ENTITY, decodeEntity);
}

/** The text every model sees: cleaned, masked, lower-cased, with elongations shortened. */
export function normalizeForModel(raw: string): string {
  let t = raw.length > MAX_MODEL_CHARS ? raw.slice(0, MAX_MODEL_CHARS) : raw;
  t = repairSurrogates(stripHtml(t));
  // Cheap substring checks skip the regexes most posts do not need.
  if (t.includes("http") || t.includes("www.")) t = t.replace(URL, " xurl ");
  if (t.includes("@")) t = t.replace(EMAIL, " xemail ").replace(HANDLE, "$1 xuser ");
  if (HAS_DIGIT.test(t)) t = t.replace(NUMBER, " xnum ");
  t = t.toLowerCase();
  return REPEAT3.test(t) ? t.replace(ELONGATED, "$1$1") : t;
}

/**
 * A feed entry's HTML made plain text. The HTML is untrusted: nothing of it survives as markup.
 * Tags are dropped; script, style and similar elements lose their content too; block elements
 * become line breaks; character references are decoded (to U+FFFD where they name no valid
 * character); control characters go; runs of whitespace collapse. The result is text, shown
 * escaped like every post's text.
 */

/** Elements whose content is not text a reader sees. */
const SKIP_CONTENT = new Set([
  "script",
  "style",
  "noscript",
  "template",
  "iframe",
  "object",
  "embed",
  "svg",
  "math",
  "head",
  "title",
  "textarea",
  "select",
  "canvas",
  "audio",
  "video",
]);

const BLOCK = new Set([
  "address",
  "article",
  "aside",
  "blockquote",
  "br",
  "dd",
  "details",
  "div",
  "dl",
  "dt",
  "figcaption",
  "figure",
  "footer",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "header",
  "hr",
  "li",
  "main",
  "nav",
  "ol",
  "p",
  "pre",
  "section",
  "summary",
  "table",
  "td",
  "th",
  "tr",
  "ul",
]);

export function isSkippedElement(name: string): boolean {
  return SKIP_CONTENT.has(name.toLowerCase());
}

export function isBlockElement(name: string): boolean {
  return BLOCK.has(name.toLowerCase());
}

/** The named references feeds use in practice; others stay as written. */
const NAMED: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: "\u00a0",
  ensp: "\u2002",
  emsp: "\u2003",
  thinsp: "\u2009",
  shy: "",
  zwnj: "\u200c",
  zwj: "\u200d",
  hellip: "…",
  mdash: "—",
  ndash: "–",
  minus: "−",
  lsquo: "‘",
  rsquo: "’",
  sbquo: "‚",
  ldquo: "“",
  rdquo: "”",
  bdquo: "„",
  laquo: "«",
  raquo: "»",
  lsaquo: "‹",
  rsaquo: "›",
  bull: "•",
  middot: "·",
  prime: "′",
  Prime: "″",
  dagger: "†",
  Dagger: "‡",
  copy: "©",
  reg: "®",
  trade: "™",
  deg: "°",
  plusmn: "±",
  times: "×",
  divide: "÷",
  frac12: "½",
  frac14: "¼",
  frac34: "¾",
  sup1: "¹",
  sup2: "²",
  sup3: "³",
  micro: "µ",
  para: "¶",
  sect: "§",
  cent: "¢",
  pound: "£",
  euro: "€",
  yen: "¥",
  curren: "¤",
  iexcl: "¡",
  iquest: "¿",
  larr: "←",
  rarr: "→",
  uarr: "↑",
  darr: "↓",
  harr: "↔",
  hearts: "♥",
  check: "✓",
  auml: "ä",
  ouml: "ö",
  uuml: "ü",
  Auml: "Ä",
  Ouml: "Ö",
  Uuml: "Ü",
  szlig: "ß",
  eacute: "é",
  egrave: "è",
  ecirc: "ê",
  euml: "ë",
  Eacute: "É",
  Egrave: "È",
  aacute: "á",
  agrave: "à",
  acirc: "â",
  atilde: "ã",
  aring: "å",
  aelig: "æ",
  Agrave: "À",
  Aacute: "Á",
  iacute: "í",
  igrave: "ì",
  icirc: "î",
  iuml: "ï",
  oacute: "ó",
  ograve: "ò",
  ocirc: "ô",
  otilde: "õ",
  oslash: "ø",
  Oslash: "Ø",
  uacute: "ú",
  ugrave: "ù",
  ucirc: "û",
  ccedil: "ç",
  Ccedil: "Ç",
  ntilde: "ñ",
  Ntilde: "Ñ",
  yuml: "ÿ",
};

const REFERENCE = /&(?:#(\d{1,8})|#[xX]([0-9a-fA-F]{1,7})|([A-Za-z][A-Za-z0-9]{1,31}));/g;

function fromCodePoint(cp: number): string {
  // NUL, surrogates, beyond Unicode, and C0/C1 controls other than whitespace are not text.
  if (cp === 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return "\ufffd";
  if ((cp < 0x20 && cp !== 9 && cp !== 10 && cp !== 13) || (cp >= 0x7f && cp <= 0x9f)) return " ";
  return String.fromCodePoint(cp);
}

/** Decodes numeric and known named character references. */
export function decodeReferences(text: string): string {
  if (!text.includes("&")) return text;
  return text.replace(REFERENCE, (whole, dec?: string, hex?: string, name?: string) => {
    if (dec !== undefined) return fromCodePoint(Number.parseInt(dec, 10));
    if (hex !== undefined) return fromCodePoint(Number.parseInt(hex, 16));
    return NAMED[name!] ?? whole;
  });
}

// C0 and C1 controls except tab and newline; they carry nothing readable.
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** Collapses whitespace: spaces within a line, blank lines between paragraphs to one break. */
export function collapseWhitespace(text: string): string {
  return text
    .replace(CONTROLS, " ")
    .split(/\n/)
    .map((line) => line.replace(/[\s\u00a0\u2000-\u200b\u3000]+/g, " ").trim())
    .filter((line) => line.length > 0)
    .join("\n");
}

const isLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isNameChar = (c: number) => isLetter(c) || (c >= 48 && c <= 57) || c === 58 || c === 45;

/** Plain text of an HTML fragment. */
export function htmlToText(html: string): string {
  let out = "";
  let i = 0;
  const n = html.length;
  while (i < n) {
    const lt = html.indexOf("<", i);
    if (lt < 0) {
      out += html.slice(i);
      break;
    }
    out += html.slice(i, lt);
    if (html.startsWith("<!--", lt)) {
      const end = html.indexOf("-->", lt + 4);
      i = end < 0 ? n : end + 3;
      continue;
    }
    if (html.startsWith("<![CDATA[", lt)) {
      const end = html.indexOf("]]>", lt + 9);
      // CDATA is literal: its ampersands are escaped so the final decoding leaves them.
      out += html.slice(lt + 9, end < 0 ? n : end).replaceAll("&", "&amp;");
      i = end < 0 ? n : end + 3;
      continue;
    }
    const next = html.charCodeAt(lt + 1);
    const closing = next === 47; // "/"
    const nameStart = closing ? lt + 2 : lt + 1;
    if (next === 33 || next === 63) {
      // A doctype or processing instruction: up to the next ">".
      const end = html.indexOf(">", lt);
      i = end < 0 ? n : end + 1;
      continue;
    }
    if (!isLetter(html.charCodeAt(nameStart))) {
      out += "<";
      i = lt + 1;
      continue;
    }
    let nameEnd = nameStart;
    while (nameEnd < n && isNameChar(html.charCodeAt(nameEnd))) nameEnd++;
    const name = html.slice(nameStart, nameEnd).toLowerCase();
    const end = tagEnd(html, nameEnd);
    i = end;
    if (BLOCK.has(name)) out += "\n";
    if (!closing && SKIP_CONTENT.has(name) && html[end - 2] !== "/") {
      i = skipElement(html, name, end);
    }
  }
  // Decoded once, after the markup is gone: an escaped "&lt;b&gt;" stays text.
  return collapseWhitespace(decodeReferences(out));
}

/** Index just past the ">" closing a tag, honouring quoted attribute values. */
function tagEnd(html: string, from: number): number {
  let quote = 0;
  for (let j = from; j < html.length; j++) {
    const c = html.charCodeAt(j);
    if (quote) {
      if (c === quote) quote = 0;
    } else if (c === 34 || c === 39) quote = c;
    else if (c === 62) return j + 1;
  }
  return html.length;
}

/** Index just past `</name ...>` (any case), or the end when the element is never closed. */
function skipElement(html: string, name: string, from: number): number {
  // name holds only letters, digits, ":" and "-": nothing a pattern would read as syntax.
  const close = new RegExp(`</${name}(?=[\\s/>]|$)`, "gi");
  close.lastIndex = from;
  const found = close.exec(html);
  return found ? tagEnd(html, found.index + found[0].length) : html.length;
}

/**
 * How alert rules compare text without regard to case: one fold for keywords, label values and
 * rollup keys, so "RÜCKERSTATTUNG", "Rückerstattung" and a decomposed "Ru\u0308ckerstattung" are
 * the same word, and "STRASSE" meets "Straße". Accents stay significant ("resume" is not
 * "résumé"). The fold is Unicode's composed form (NFC) lower-cased, with the full case folds that
 * lower-casing alone misses: ß and ẞ to "ss", final sigma to σ, and the dotted capital I's
 * lower-case "i̇" to "i". Pure.
 */

/** Anything but printable ASCII and white space; without it lower-casing alone folds the text. */
const NON_ASCII = /[^ -~\t\n\r]/;

/** Whether the text holds anything lower-casing alone might not fold (anything but printable ASCII). */
export function needsFold(text: string): boolean {
  return NON_ASCII.test(text);
}

export function foldCase(text: string): string {
  if (!NON_ASCII.test(text)) return text.toLowerCase();
  return text
    .normalize("NFC")
    .toLowerCase()
    .replace(/ß/g, "ss")
    .replace(/ς/g, "σ")
    .replace(/i\u0307/g, "i");
}

/** Whether two label values or keys are the same once folded. */
export function sameFolded(a: string, b: string): boolean {
  return a === b || foldCase(a) === foldCase(b);
}

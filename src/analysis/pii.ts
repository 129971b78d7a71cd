/**
 * Finds personal data in post text (e-mails, phone numbers, payment cards that pass the Luhn
 * check, order and account numbers) with UTF-16 offsets, and redacts it for storage or display.
 */
import type { PiiFinding, PiiKind } from "../domain/analysis.ts";

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
const HAS_DIGIT = /\d/;
const CARD = /(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d-])/g;
const PHONE = /(?<![\w+])(?:\+\d{1,3}[ .-]?)?(?:\(\d{2,4}\)[ .-]?)?\d{2,4}(?:[ .-]?\d{2,4}){1,3}(?![\w])/g;
const ACCOUNT =
  /\b(?:order|account|acct|booking|confirmation|reference|ref|ticket|case|policy|member(?:ship)?|customer)\s*(?:number|no\.?|num|id|#)?\s*[:#]?\s*([A-Z0-9][A-Z0-9-]{4,19})\b/gi;

/** Luhn checksum: filters random digit runs from real card numbers. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return digits.length >= 13 && sum % 10 === 0;
}

function overlaps(found: PiiFinding[], start: number, end: number): boolean {
  return found.some((f) => start < f.end && end > f.start);
}

function add(found: PiiFinding[], kind: PiiKind, start: number, end: number): void {
  if (!overlaps(found, start, end)) found.push({ kind, start, end });
}

export function findPii(text: string): PiiFinding[] {
  const found: PiiFinding[] = [];
  if (text.length === 0) return found;
  // Most posts have no "@" or no digit; skipping the scans they cannot match halves the cost.
  if (text.includes("@"))
    for (const m of text.matchAll(EMAIL)) add(found, "email", m.index, m.index + m[0].length);
  if (!HAS_DIGIT.test(text)) return found;
  for (const m of text.matchAll(CARD)) {
    if (luhnValid(m[0].replace(/[ -]/g, ""))) add(found, "card", m.index, m.index + m[0].length);
  }
  for (const m of text.matchAll(ACCOUNT)) {
    const value = m[1]!;
    // An identifier has a digit in it; "order status" is not an order number.
    if (!/\d/.test(value)) continue;
    const start = m.index + m[0].length - value.length;
    add(found, "account", start, start + value.length);
  }
  for (const m of text.matchAll(PHONE)) {
    const digits = m[0].replace(/\D/g, "");
    // Phone numbers have 7 to 15 digits and some grouping or a + prefix; bare years and counts do not.
    if (digits.length < 7 || digits.length > 15) continue;
    if (!/[+() .-]/.test(m[0]) && digits.length < 10) continue;
    add(found, "phone", m.index, m.index + m[0].length);
  }
  return found.sort((a, b) => a.start - b.start);
}

/** Replaces each finding by a typed placeholder such as [card]. */
export function redact(text: string, pii: readonly PiiFinding[]): string {
  const sorted = [...pii].sort((a, b) => a.start - b.start);
  let out = "";
  let at = 0;
  for (const f of sorted) {
    if (f.start < at || f.end > text.length) continue;
    out += `${text.slice(at, f.start)}[${f.kind}]`;
    at = f.end;
  }
  return out + text.slice(at);
}

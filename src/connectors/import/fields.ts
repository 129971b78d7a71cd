/** Reading loosely typed import fields (CSV strings, JSON values) into the draft's types. */

const MONTHS: Record<string, number> = {
  jan: 0,
  feb: 1,
  mar: 2,
  apr: 3,
  may: 4,
  jun: 5,
  jul: 6,
  aug: 7,
  sep: 8,
  oct: 9,
  nov: 10,
  dec: 11,
};

// Twitter's classic format: "Tue Oct 31 22:10:47 +0000 2017".
const TWITTER_DATE =
  /^[A-Za-z]{3} ([A-Za-z]{3}) (\d{1,2}) (\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2}) (\d{4})$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const RFC_2822 = /^(?:[A-Za-z]{3}, )?\d{1,2} [A-Za-z]{3} \d{4} \d{2}:\d{2}(?::\d{2})? (?:[+-]\d{4}|GMT|UTC)$/;

function twitterDate(m: RegExpExecArray): Date | undefined {
  const month = MONTHS[m[1]!.toLowerCase()];
  if (month === undefined) return undefined;
  const [day, hour, minute, second] = [Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5])];
  const local = new Date(Date.UTC(Number(m[9]), month, day, hour, minute, second));
  // Date.UTC rolls "Feb 31" or "25:00" over into a valid date; such input is wrong, not a date.
  if (local.getUTCDate() !== day || local.getUTCHours() !== hour || local.getUTCMinutes() !== minute) {
    return undefined;
  }
  const offsetMinutes = (Number(m[7]) * 60 + Number(m[8])) * (m[6] === "-" ? -1 : 1);
  return new Date(local.getTime() - offsetMinutes * 60_000);
}

/**
 * Accepts ISO 8601, RFC 2822, Twitter's format and Unix epochs (seconds, or milliseconds past 11
 * digits; at least 9 digits, so a stray small number is not read as 1970). Anything else is rejected rather than guessed: `Date.parse` reads "1" as the year 2001.
 */
export function parseDate(value: string | number): Date | undefined {
  if (typeof value === "number") return Number.isFinite(value) && value >= 1e8 ? epoch(value) : undefined;
  const v = value.trim();
  let date: Date | undefined;
  const tw = TWITTER_DATE.exec(v);
  if (tw) date = twitterDate(tw);
  else if (/^\d{9,13}(?:\.\d+)?$/.test(v)) date = epoch(Number(v));
  else if (ISO_DATE.test(v) || RFC_2822.test(v)) date = new Date(v);
  return date && !Number.isNaN(date.getTime()) ? date : undefined;
}

function epoch(n: number): Date {
  return new Date(Math.abs(n) >= 1e11 ? n : n * 1000);
}

/** A string or number as text; ids often arrive as numbers, or as "3.0" from spreadsheet exports. */
export function idText(value: unknown): string | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : undefined;
  if (typeof value !== "string") return undefined;
  const v = value.trim();
  return v === "" ? undefined : v.replace(/^(\d+)\.0+$/, "$1");
}

export function text(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value : undefined;
}

export function count(value: unknown): number | undefined | null {
  if (value === undefined || value === null || value === "") return undefined;
  const n = typeof value === "number" ? value : typeof value === "string" ? Number(value.trim()) : Number.NaN;
  return Number.isFinite(n) && n >= 0 ? Math.floor(n) : null;
}

export function flag(value: unknown): boolean | undefined | null {
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value === "boolean") return value;
  if (typeof value === "string") {
    const v = value.trim().toLowerCase();
    if (v === "true" || v === "1" || v === "yes") return true;
    if (v === "false" || v === "0" || v === "no") return false;
  }
  return null;
}

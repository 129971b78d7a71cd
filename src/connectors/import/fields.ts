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
 * Accepts ISO 8601, RFC 2822, Twitter's format and Unix epochs of 9 to 13 digits (seconds, or
 * milliseconds past 11 digits). Anything else is rejected rather than guessed: `Date.parse`
 * reads "1" as the year 2001, and a small number is more likely a mistake than 1970.
 */
export function parseDate(value: string | number): Date | undefined {
  if (typeof value === "number") return Number.isFinite(value) && value >= 1e8 ? epoch(value) : undefined;
  const v = value.trim();
  let date: Date | undefined;
  // Dispatch on a character instead of trying each pattern: this runs once per imported post.
  if (v.charCodeAt(4) === 45 /* - */) {
    date = utcTimestamp(v);
    if (date === undefined && ISO_DATE.test(v)) date = checkedIsoDate(v);
  } else if (/^\d{9,13}(?:\.\d+)?$/.test(v)) {
    date = epoch(Number(v));
  } else {
    const tw = TWITTER_DATE.exec(v);
    if (tw) date = twitterDate(tw);
    else if (RFC_2822.test(v)) date = new Date(v);
  }
  return date && !Number.isNaN(date.getTime()) ? date : undefined;
}

/**
 * V8's own parser is the fastest way to read ISO 8601, but it rolls "02-31" over to March; the
 * calendar date written in the string is checked by arithmetic instead.
 */
function checkedIsoDate(v: string): Date | undefined {
  const year = digits(v, 0, 4);
  const month = digits(v, 5, 7);
  const day = digits(v, 8, 10);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return new Date(v);
}

/**
 * "YYYY-MM-DDTHH:MM:SSZ" or "YYYY-MM-DDTHH:MM:SS.sssZ", the form nearly every API and
 * `Date.toISOString()` write, read by arithmetic: V8's string parse costs several times more.
 * Returns undefined for anything else, or for a value this path does not vouch for (years before
 * 100), leaving those to the general path; both agree on every string this accepts.
 */
function utcTimestamp(v: string): Date | undefined {
  const n = v.length;
  if ((n !== 20 && n !== 24) || v.charCodeAt(n - 1) !== 90 /* Z */) return undefined;
  if (v.charCodeAt(7) !== 45 || v.charCodeAt(10) !== 84 /* T */) return undefined;
  if (v.charCodeAt(13) !== 58 || v.charCodeAt(16) !== 58 /* : */) return undefined;
  if (n === 24 && v.charCodeAt(19) !== 46 /* . */) return undefined;
  const year = checkedDigits(v, 0, 4);
  const month = checkedDigits(v, 5, 7);
  const day = checkedDigits(v, 8, 10);
  const hour = checkedDigits(v, 11, 13);
  const minute = checkedDigits(v, 14, 16);
  const second = checkedDigits(v, 17, 19);
  const ms = n === 24 ? checkedDigits(v, 20, 23) : 0;
  if (year < 100 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59 || ms < 0) {
    return undefined;
  }
  return new Date(
    daysSinceEpoch(year, month, day) * 86_400_000 + ((hour * 60 + minute) * 60 + second) * 1000 + ms,
  );
}

/** The number written in v[from, to), or -1 when a character there is not a digit. */
function checkedDigits(v: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = v.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/** Days from 1970-01-01 to a date of the proleptic Gregorian calendar (for years from 1 on). */
function daysSinceEpoch(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** The number written in v[from, to); the caller has checked these are digits. */
function digits(v: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) n = n * 10 + v.charCodeAt(i) - 48;
  return n;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function epoch(n: number): Date {
  return new Date(Math.abs(n) >= 1e11 ? n : n * 1000);
}

/** A string or number as text; ids often arrive as numbers, or as "3.0" from spreadsheet exports. */
export function idText(value: unknown): string | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : undefined;
  if (typeof value !== "string") return undefined;
  const v = value.trim();
  if (v === "") return undefined;
  return v.includes(".") ? v.replace(/^(\d+)\.0+$/, "$1") : v;
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

/**
 * Business-hours calendars: a time zone (IANA), weekly hours that may be split by breaks, and
 * holidays (dates in the calendar's zone). Time is counted only inside the hours; every instant
 * is an epoch millisecond, and wall times are turned into instants day by day with `Intl`, so
 * days of a daylight-saving change are as long as they really are. Pure.
 */

/** One stretch of a weekday's hours; `day` 0 is Sunday; times are "HH:MM", `end` may be "24:00". */
export interface BusinessHours {
  day: number;
  start: string;
  end: string;
}

export interface CalendarSpec {
  timeZone: string;
  hours: readonly BusinessHours[];
  /** "YYYY-MM-DD" in the calendar's zone: no business time that day. */
  holidays: readonly string[];
}

/** Round the clock: business time is plain elapsed time. */
export const ALWAYS: null = null;

export interface BusinessCalendar {
  addBusinessTime(start: number, ms: number): number;
  businessTimeBetween(a: number, b: number): number;
}

const DAY_MS = 86_400_000;
/** How far a search walks before deciding the calendar has no time left (ten years). */
const MAX_DAYS = 3700;
const MAX_CACHED_DAYS = 4000;
const TIME = /^([01]\d|2[0-4]):([0-5]\d)$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function minutes(time: string): number | null {
  const m = TIME.exec(time);
  if (!m) return null;
  const value = Number(m[1]) * 60 + Number(m[2]);
  return value > 24 * 60 ? null : value;
}

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** What is wrong with a calendar, or null when it can be used. */
export function calendarProblem(spec: CalendarSpec): string | null {
  if (!isTimeZone(spec.timeZone)) return `Unknown time zone "${spec.timeZone}"`;
  if (spec.hours.length === 0) return "A calendar needs at least one stretch of hours";
  const byDay = new Map<number, [number, number][]>();
  for (const h of spec.hours) {
    if (!Number.isInteger(h.day) || h.day < 0 || h.day > 6) return `Day ${h.day} is not 0 (Sunday) to 6`;
    const start = minutes(h.start);
    const end = minutes(h.end);
    if (start === null || end === null) return `Hours "${h.start}"–"${h.end}" are not HH:MM`;
    if (start >= end) return `Hours ${h.start}–${h.end} end before they start`;
    byDay.set(h.day, [...(byDay.get(h.day) ?? []), [start, end]]);
  }
  for (const [day, list] of byDay) {
    list.sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < list.length; i++) {
      if (list[i]![0] < list[i - 1]![1]) return `Hours of day ${day} overlap`;
    }
  }
  for (const d of spec.holidays) {
    const m = DATE.exec(d);
    if (!m || Number.isNaN(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))))
      return `Holiday "${d}" is not YYYY-MM-DD`;
    const back = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))).toISOString().slice(0, 10);
    if (back !== d) return `Holiday "${d}" is not a date`;
  }
  return null;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(zone, f);
  }
  return f;
}

/** The wall clock of `zone` at `t`, as if it were UTC. */
function wallAsUtc(zone: string, t: number): number {
  const p: Record<string, number> = {};
  for (const part of formatter(zone).formatToParts(t)) {
    if (part.type !== "literal") p[part.type] = Number(part.value);
  }
  return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
}

/** The zone's offset from UTC at `t` (ms, whole seconds). */
function offsetAt(zone: string, t: number): number {
  const whole = Math.floor(t / 1000) * 1000;
  return wallAsUtc(zone, whole) - whole;
}

/**
 * The instant a wall time of `zone` names. A wall time skipped by a change (spring forward) is
 * read with the offset before the change; one that happens twice (fall back) is the first.
 */
function instantOf(zone: string, wall: number): number {
  const before = offsetAt(zone, wall - DAY_MS / 2);
  const after = offsetAt(zone, wall + DAY_MS / 2);
  if (before === after) return wall - before;
  const first = wall - before;
  if (offsetAt(zone, first) === before) return first;
  const second = wall - after;
  return offsetAt(zone, second) === after ? second : first;
}

/** The instant the day holding `t` began in `zone` (its local midnight, or the first instant after it). */
export function startOfDay(zone: string, t: number): number {
  const wall = wallAsUtc(zone, t);
  return instantOf(zone, wall - (((wall % DAY_MS) + DAY_MS) % DAY_MS));
}

const built = new Map<string, BusinessCalendar>();

/**
 * The calendar of a spec, built once per distinct spec (its days' instants are cached inside), so
 * replaying many items' clocks with the same calendar turns each day into instants once.
 */
export function cachedCalendar(spec: CalendarSpec | null): BusinessCalendar {
  if (spec === null) return calendar(null);
  const key = JSON.stringify([spec.timeZone, spec.hours, spec.holidays]);
  let cal = built.get(key);
  if (!cal) {
    if (built.size >= 100) built.clear();
    cal = calendar(spec);
    built.set(key, cal);
  }
  return cal;
}

export function calendar(spec: CalendarSpec | null): BusinessCalendar {
  if (spec === null) {
    return {
      addBusinessTime: (start, ms) => start + Math.max(0, ms),
      businessTimeBetween: (a, b) => b - a,
    };
  }
  const problem = calendarProblem(spec);
  if (problem) throw new RangeError(problem);
  const zone = spec.timeZone;
  const holidays = new Set(spec.holidays);
  const weekly: [number, number][][] = [[], [], [], [], [], [], []];
  for (const h of spec.hours) weekly[h.day]!.push([minutes(h.start)!, minutes(h.end)!]);
  for (const list of weekly) list.sort((a, b) => a[0] - b[0]);

  // Days already turned into instants: `Intl` is the slow part, and clocks ask about the same days.
  const days = new Map<number, [number, number][]>();

  /** The business intervals of the local day whose midnight, read as UTC, is `dayWall`. */
  function dayIntervals(dayWall: number): [number, number][] {
    let known = days.get(dayWall);
    if (!known) {
      if (days.size >= MAX_CACHED_DAYS) days.clear();
      known = computeDay(dayWall);
      days.set(dayWall, known);
    }
    return known;
  }

  function computeDay(dayWall: number): [number, number][] {
    const date = new Date(dayWall);
    if (holidays.has(date.toISOString().slice(0, 10))) return [];
    const out: [number, number][] = [];
    for (const [s, e] of weekly[date.getUTCDay()]!) {
      const start = instantOf(zone, dayWall + s * 60_000);
      const end = instantOf(zone, dayWall + e * 60_000);
      if (end > start) out.push([start, end]);
    }
    return out;
  }

  /** Local midnight (as UTC wall) of the day holding `t`, one day back to catch late stretches. */
  function firstDay(t: number): number {
    const wall = wallAsUtc(zone, t);
    return Math.floor(wall / DAY_MS) * DAY_MS - DAY_MS;
  }

  function* intervalsFrom(t: number): Generator<[number, number]> {
    let day = firstDay(t);
    for (let i = 0; i < MAX_DAYS; i++, day += DAY_MS) {
      for (const interval of dayIntervals(day)) if (interval[1] > t) yield interval;
    }
  }

  return {
    addBusinessTime(start, ms) {
      let left = Math.max(0, ms);
      if (left === 0) return start;
      for (const [s, e] of intervalsFrom(start)) {
        const from = Math.max(s, start);
        if (left <= e - from) return from + left;
        left -= e - from;
      }
      throw new RangeError("The calendar has no business time left within ten years");
    },
    businessTimeBetween(a, b) {
      if (b < a) return -this.businessTimeBetween(b, a);
      let total = 0;
      for (const [s, e] of intervalsFrom(a)) {
        if (s >= b) break;
        total += Math.min(e, b) - Math.max(s, a);
      }
      return total;
    },
  };
}

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type CalendarSpec, calendar, calendarProblem, startOfDay } from "./calendar.ts";

const HOUR = 3_600_000;
const MIN = 60_000;

const weekdays = (ranges: [string, string][]) =>
  [1, 2, 3, 4, 5].flatMap((day) => ranges.map(([start, end]) => ({ day, start, end })));

const paris: CalendarSpec = {
  timeZone: "Europe/Paris",
  hours: weekdays([
    ["09:00", "12:30"],
    ["13:30", "18:00"],
  ]),
  holidays: ["2026-12-25"],
};

const utc = (s: string) => Date.parse(s);

describe("business calendars", () => {
  const cal = calendar(paris);

  it("counts only inside the hours, skipping the lunch break", () => {
    // Monday 7 Dec 2026, Paris is UTC+1: 09:00 local is 08:00Z.
    expect(cal.businessTimeBetween(utc("2026-12-07T08:00:00Z"), utc("2026-12-07T17:00:00Z"))).toBe(8 * HOUR);
    expect(cal.businessTimeBetween(utc("2026-12-07T11:30:00Z"), utc("2026-12-07T12:30:00Z"))).toBe(0);
    expect(cal.addBusinessTime(utc("2026-12-07T11:00:00Z"), 45 * MIN)).toBe(utc("2026-12-07T12:45:00Z"));
  });

  it("carries time over nights, weekends and holidays", () => {
    // Friday 17:00 local plus 2 h: 1 h on Friday, 1 h from Monday 09:00.
    expect(cal.addBusinessTime(utc("2026-12-04T16:00:00Z"), 2 * HOUR)).toBe(utc("2026-12-07T09:00:00Z"));
    // Thursday 24 Dec 17:00 plus 2 h: Friday 25 is a holiday, so Monday 28.
    expect(cal.addBusinessTime(utc("2026-12-24T16:00:00Z"), 2 * HOUR)).toBe(utc("2026-12-28T09:00:00Z"));
    expect(cal.businessTimeBetween(utc("2026-12-25T00:00:00Z"), utc("2026-12-26T00:00:00Z"))).toBe(0);
  });

  it("follows daylight-saving changes in the calendar's zone", () => {
    // Paris moves to UTC+2 on Sunday 29 March 2026: Monday 09:00 local is 07:00Z.
    expect(cal.addBusinessTime(utc("2026-03-27T16:00:00Z"), 2 * HOUR)).toBe(utc("2026-03-30T08:00:00Z"));
    const always: CalendarSpec = {
      timeZone: "Europe/Paris",
      hours: [0, 1, 2, 3, 4, 5, 6].map((day) => ({ day, start: "00:00", end: "24:00" })),
      holidays: [],
    };
    const c = calendar(always);
    // The spring-forward Sunday has 23 hours, the fall-back one 25.
    expect(c.businessTimeBetween(utc("2026-03-28T23:00:00Z"), utc("2026-03-29T22:00:00Z"))).toBe(23 * HOUR);
    expect(c.businessTimeBetween(utc("2026-10-24T22:00:00Z"), utc("2026-10-25T23:00:00Z"))).toBe(25 * HOUR);
  });

  it("refuses calendars it cannot use, saying why", () => {
    expect(calendarProblem({ ...paris, timeZone: "Mars/Olympus" })).toMatch(/time zone/);
    expect(calendarProblem({ ...paris, hours: [{ day: 1, start: "10:00", end: "09:00" }] })).toMatch(
      /end before/,
    );
    expect(
      calendarProblem({
        ...paris,
        hours: [
          { day: 1, start: "09:00", end: "12:00" },
          { day: 1, start: "11:00", end: "13:00" },
        ],
      }),
    ).toMatch(/overlap/);
    expect(calendarProblem({ ...paris, holidays: ["2026-02-30"] })).toMatch(/not a date/);
    expect(calendarProblem({ ...paris, hours: [] })).toMatch(/at least one/);
    expect(() => calendar({ ...paris, timeZone: "Nowhere/Else" })).toThrow(RangeError);
  });
});

const ZONES = ["Europe/Paris", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "UTC"];
const hhmm = (m: number) =>
  `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;

/** Random calendars: each day up to three stretches on a 15-minute grid, a few holidays. */
const calendars = fc
  .record({
    zone: fc.constantFrom(...ZONES),
    days: fc.array(fc.uniqueArray(fc.integer({ min: 0, max: 96 }), { minLength: 0, maxLength: 6 }), {
      minLength: 7,
      maxLength: 7,
    }),
    holidays: fc.array(fc.integer({ min: 0, max: 730 }), { maxLength: 8 }),
  })
  .map(({ zone, days, holidays }): CalendarSpec => {
    const hours = days.flatMap((cuts, day) => {
      const sorted = [...cuts].sort((a, b) => a - b);
      const out = [];
      for (let i = 0; i + 1 < sorted.length; i += 2)
        out.push({ day, start: hhmm(sorted[i]! * 15), end: hhmm(sorted[i + 1]! * 15) });
      return out;
    });
    return {
      timeZone: zone,
      hours: hours.length ? hours : [{ day: 3, start: "10:00", end: "11:00" }],
      holidays: holidays.map((d) =>
        new Date(Date.UTC(2026, 0, 1) + d * 86_400_000).toISOString().slice(0, 10),
      ),
    };
  });
const instants = fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2027, 6, 1) });
// Up to five days of business time: a sparse calendar (one hour a week) then spans two years.
const durations = fc.integer({ min: 0, max: 5 * 24 * HOUR });

describe("business calendars, for any calendar", () => {
  it("adding business time and measuring it back gives the same duration", () => {
    fc.assert(
      fc.property(calendars, instants, durations, (spec, start, ms) => {
        const c = calendar(spec);
        const end = c.addBusinessTime(start, ms);
        expect(end).toBeGreaterThanOrEqual(start);
        expect(c.businessTimeBetween(start, end)).toBe(ms);
      }),
      { numRuns: 150 },
    );
  });

  it("is monotonic: more business time never ends earlier", () => {
    fc.assert(
      fc.property(calendars, instants, durations, durations, (spec, start, a, b) => {
        const c = calendar(spec);
        const [less, more] = a <= b ? [a, b] : [b, a];
        expect(c.addBusinessTime(start, more)).toBeGreaterThanOrEqual(c.addBusinessTime(start, less));
        expect(c.businessTimeBetween(start, start + more)).toBeGreaterThanOrEqual(
          c.businessTimeBetween(start, start + less),
        );
      }),
      { numRuns: 150 },
    );
  });

  it("never counts more than elapsed time, and splits at any instant", () => {
    fc.assert(
      fc.property(calendars, instants, durations, durations, (spec, a, x, y) => {
        const c = calendar(spec);
        const mid = a + x;
        const b = mid + y;
        const whole = c.businessTimeBetween(a, b);
        expect(whole).toBeLessThanOrEqual(b - a);
        expect(whole).toBe(c.businessTimeBetween(a, mid) + c.businessTimeBetween(mid, b));
      }),
      { numRuns: 150 },
    );
  });

  it("counts a minute exactly when its local wall time is inside the hours and not a holiday", () => {
    const spec = (zone: string, holiday: string): CalendarSpec => ({
      timeZone: zone,
      hours: [0, 1, 2, 3, 4, 5, 6].flatMap((day) => [
        { day, start: "08:00", end: "12:00" },
        { day, start: "13:00", end: "17:00" },
      ]),
      holidays: [holiday],
    });
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.integer({ min: 0, max: 365 * 24 * 60 }),
        fc.integer({ min: 0, max: 3 }),
        (zone, minute, holidayShift) => {
          const t = Date.UTC(2026, 0, 1) + minute * MIN;
          const parts = Object.fromEntries(
            new Intl.DateTimeFormat("en-CA", {
              timeZone: zone,
              hourCycle: "h23",
              year: "numeric",
              month: "2-digit",
              day: "2-digit",
              hour: "2-digit",
              minute: "2-digit",
            })
              .formatToParts(t)
              .map((p) => [p.type, p.value]),
          );
          const localDate = `${parts.year}-${parts.month}-${parts.day}`;
          // The holiday is the minute's own local day, or one of the next days.
          const holiday = new Date(Date.parse(`${localDate}T00:00:00Z`) + holidayShift * 86_400_000)
            .toISOString()
            .slice(0, 10);
          const local = Number(parts.hour) * 60 + Number(parts.minute);
          const inHours = (local >= 480 && local < 720) || (local >= 780 && local < 1020);
          const expected = inHours && holiday !== localDate ? MIN : 0;
          expect(calendar(spec(zone, holiday)).businessTimeBetween(t, t + MIN)).toBe(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("is plain arithmetic round the clock", () => {
    fc.assert(
      fc.property(instants, durations, (start, ms) => {
        const c = calendar(null);
        expect(c.addBusinessTime(start, ms)).toBe(start + ms);
        expect(c.businessTimeBetween(start, start + ms)).toBe(ms);
      }),
    );
  });
});

describe("startOfDay", () => {
  it("gives the local midnight of the day holding an instant", () => {
    const t = Date.UTC(2026, 11, 2, 14, 30);
    expect(startOfDay("UTC", t)).toBe(Date.UTC(2026, 11, 2));
    // 23:30 in Tokyo (UTC+9): its day began at 15:00 UTC the day before.
    expect(startOfDay("Asia/Tokyo", t)).toBe(Date.UTC(2026, 11, 1, 15));
    // 09:30 in New York (UTC-5 in winter).
    expect(startOfDay("America/New_York", t)).toBe(Date.UTC(2026, 11, 2, 5));
    // The day of a summer-time change: midnight was still in winter time (UTC+1 in Paris).
    expect(startOfDay("Europe/Paris", Date.UTC(2026, 2, 29, 12))).toBe(Date.UTC(2026, 2, 28, 23));
  });
});

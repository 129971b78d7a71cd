/** The forms that add an SLA policy and a business-hours calendar. */
import { type FormEvent, useId, useState } from "react";
import { TIERS } from "../../../src/domain/customer.ts";
import { api } from "../api/client.ts";
import { plainErrorMessage } from "../api/errorMessages.ts";
import type { CalendarView, PolicyView, QueueView } from "../api/types.ts";
import { TIER_WORDS } from "../customers/customerWords.ts";
import { browserTimeZone, timeZones } from "../settings/timeZones.ts";
import { DAY_NAMES, minutesToMs, parseList, parseStretches } from "./slaWords.ts";

type Escalations = PolicyView["escalations"];
type Conditions = PolicyView["conditions"];

function FormError({ error }: { error: string | null }) {
  return error ? (
    <p className="form-error" role="alert">
      {error}
    </p>
  ) : null;
}

export function PolicyForm({
  calendars,
  queues,
  nextPosition,
  onCreated,
}: {
  calendars: CalendarView[];
  queues: QueueView[];
  nextPosition: number;
  onCreated(): void;
}) {
  const [name, setName] = useState("");
  const [channel, setChannel] = useState("");
  const [platforms, setPlatforms] = useState("");
  const [queue, setQueue] = useState("");
  const [tier, setTier] = useState("");
  const [minPriority, setMinPriority] = useState("");
  const [maxPriority, setMaxPriority] = useState("");
  const [first, setFirst] = useState("60");
  const [next, setNext] = useState("");
  const [resolution, setResolution] = useState("");
  const [warn, setWarn] = useState("10");
  const [calendarId, setCalendarId] = useState("");
  const [raiseBy, setRaiseBy] = useState("");
  const [notifyAtRisk, setNotifyAtRisk] = useState(false);
  const [notifyBreach, setNotifyBreach] = useState(true);
  const [moveTo, setMoveTo] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const conditions: Conditions = [];
    const escalations: Escalations = [];
    let targets: {
      first: number | null;
      next: number | null;
      resolution: number | null;
      warn: number | null;
    };
    try {
      targets = {
        first: minutesToMs(first),
        next: minutesToMs(next),
        resolution: minutesToMs(resolution),
        warn: minutesToMs(warn),
      };
      if (channel) conditions.push({ field: "channel", values: [channel] });
      if (platforms.trim()) conditions.push({ field: "platform", values: parseList(platforms) });
      if (queue) conditions.push({ field: "queue", values: [queue] });
      if (tier) conditions.push({ field: "tier", values: [tier as (typeof TIERS)[number]] });
      if (minPriority || maxPriority)
        conditions.push({
          field: "priority",
          min: Number(minPriority || 0),
          max: Number(maxPriority || 100),
        });
      if (raiseBy.trim()) {
        const amount = Number(raiseBy);
        if (!Number.isFinite(amount) || amount <= 0)
          throw new Error("Raise the priority by a positive number");
        escalations.push({ when: "at_risk", action: "raise_priority", amount });
      }
      if (notifyAtRisk) escalations.push({ when: "at_risk", action: "notify" });
      if (notifyBreach) escalations.push({ when: "breached", action: "notify" });
      if (moveTo) escalations.push({ when: "breached", action: "move_queue", queueId: moveTo });
    } catch (failure) {
      setError((failure as Error).message);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api.createSlaPolicy({
        name,
        position: nextPosition,
        enabled: true,
        conditions,
        firstResponseMs: targets.first,
        nextResponseMs: targets.next,
        resolutionMs: targets.resolution,
        warnBeforeMs: targets.warn ?? 0,
        calendarId: calendarId || null,
        escalations,
      });
      setName("");
      onCreated();
    } catch (failure) {
      setError(plainErrorMessage(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="campaign-form sla-form" onSubmit={submit} aria-label="New SLA policy">
      <h3 className="panel__title">New policy</h3>
      <div className="campaign-form__row">
        <label className="field">
          <span>Name</span>
          <input value={name} required maxLength={100} onChange={(e) => setName(e.target.value)} />
        </label>
        <label className="field">
          <span>Counted in</span>
          <select value={calendarId} onChange={(e) => setCalendarId(e.target.value)}>
            <option value="">Round the clock</option>
            {calendars.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      <fieldset className="sla-form__group">
        <legend>Applies to (every condition set must hold)</legend>
        <div className="campaign-form__row">
          <label className="field">
            <span>Channel</span>
            <select value={channel} onChange={(e) => setChannel(e.target.value)}>
              <option value="">Any</option>
              <option value="public">Public</option>
              <option value="private">Private</option>
            </select>
          </label>
          <label className="field">
            <span>Platforms</span>
            <input
              value={platforms}
              placeholder="x, mastodon"
              onChange={(e) => setPlatforms(e.target.value)}
            />
          </label>
          <label className="field">
            <span>Queue</span>
            <select value={queue} onChange={(e) => setQueue(e.target.value)}>
              <option value="">Any</option>
              {queues.map((q) => (
                <option key={q.id} value={q.id}>
                  {q.name}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>Customer tier</span>
            <select value={tier} onChange={(e) => setTier(e.target.value)}>
              <option value="">Any</option>
              {TIERS.map((t) => (
                <option key={t} value={t}>
                  {TIER_WORDS[t]}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>Priority from</span>
            <input
              type="number"
              min={0}
              max={100}
              value={minPriority}
              onChange={(e) => setMinPriority(e.target.value)}
            />
          </label>
          <label className="field">
            <span>Priority to</span>
            <input
              type="number"
              min={0}
              max={100}
              value={maxPriority}
              onChange={(e) => setMaxPriority(e.target.value)}
            />
          </label>
        </div>
      </fieldset>
      <fieldset className="sla-form__group">
        <legend>Targets, in business minutes (empty: none)</legend>
        <div className="campaign-form__row">
          <label className="field">
            <span>First response</span>
            <input inputMode="decimal" value={first} onChange={(e) => setFirst(e.target.value)} />
          </label>
          <label className="field">
            <span>Next response</span>
            <input inputMode="decimal" value={next} onChange={(e) => setNext(e.target.value)} />
          </label>
          <label className="field">
            <span>Resolution</span>
            <input inputMode="decimal" value={resolution} onChange={(e) => setResolution(e.target.value)} />
          </label>
          <label className="field">
            <span>At risk this many minutes before</span>
            <input inputMode="decimal" value={warn} onChange={(e) => setWarn(e.target.value)} />
          </label>
        </div>
      </fieldset>
      <fieldset className="sla-form__group">
        <legend>Escalations</legend>
        <div className="campaign-form__row">
          <label className="field">
            <span>At risk: raise priority by</span>
            <input inputMode="decimal" value={raiseBy} onChange={(e) => setRaiseBy(e.target.value)} />
          </label>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={notifyAtRisk}
              onChange={(e) => setNotifyAtRisk(e.target.checked)}
            />
            Notify when at risk
          </label>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={notifyBreach}
              onChange={(e) => setNotifyBreach(e.target.checked)}
            />
            Notify when breached
          </label>
          <label className="field">
            <span>Breached: move to queue</span>
            <select value={moveTo} onChange={(e) => setMoveTo(e.target.value)}>
              <option value="">Stay</option>
              {queues.map((q) => (
                <option key={q.id} value={q.id}>
                  {q.name}
                </option>
              ))}
            </select>
          </label>
        </div>
      </fieldset>
      <div className="campaign-form__buttons">
        <button type="submit" className="button button--primary" disabled={busy}>
          Add policy
        </button>
      </div>
      <FormError error={error} />
    </form>
  );
}

const WORKDAY = "09:00-12:30, 13:30-18:00";

export function CalendarForm({ onCreated }: { onCreated(): void }) {
  const zonesId = useId();
  const [name, setName] = useState("");
  const [timeZone, setTimeZone] = useState(browserTimeZone);
  const [days, setDays] = useState<string[]>(() =>
    DAY_NAMES.map((_, i) => (i >= 1 && i <= 5 ? WORKDAY : "")),
  );
  const [holidays, setHolidays] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    let hours: CalendarView["hours"];
    try {
      hours = days.flatMap((text, day) =>
        parseStretches(text).map((s) => ({ day, start: s.start, end: s.end })),
      );
    } catch (failure) {
      setError((failure as Error).message);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api.createSlaCalendar({ name, timeZone, hours, holidays: parseList(holidays) });
      setName("");
      onCreated();
    } catch (failure) {
      setError(plainErrorMessage(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="campaign-form sla-form" onSubmit={submit} aria-label="New calendar">
      <h3 className="panel__title">New calendar</h3>
      <div className="campaign-form__row">
        <label className="field">
          <span>Name</span>
          <input value={name} required maxLength={100} onChange={(e) => setName(e.target.value)} />
        </label>
        <label className="field">
          <span>Time zone</span>
          <input list={zonesId} value={timeZone} required onChange={(e) => setTimeZone(e.target.value)} />
          <datalist id={zonesId}>
            {timeZones().map((z) => (
              <option key={z} value={z} />
            ))}
          </datalist>
        </label>
      </div>
      <fieldset className="sla-form__group">
        <legend>Hours per day, breaks between stretches (e.g. {WORKDAY}; empty: closed)</legend>
        <div className="campaign-form__row">
          {DAY_NAMES.map((day, i) => (
            <label className="field" key={day}>
              <span>{day}</span>
              <input
                value={days[i]}
                onChange={(e) => setDays((current) => current.map((v, j) => (j === i ? e.target.value : v)))}
              />
            </label>
          ))}
        </div>
      </fieldset>
      <label className="field">
        <span>Holidays (dates in the calendar's zone)</span>
        <input
          value={holidays}
          placeholder="2026-12-25, 2027-01-01"
          onChange={(e) => setHolidays(e.target.value)}
        />
      </label>
      <div className="campaign-form__buttons">
        <button type="submit" className="button button--primary" disabled={busy}>
          Add calendar
        </button>
      </div>
      <FormError error={error} />
    </form>
  );
}

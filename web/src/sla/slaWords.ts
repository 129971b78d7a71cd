/** Words, parsing and the inbox badge's text for service levels; pure, tested without a browser. */
import type { WorkItemSlaView } from "../api/types.ts";

export const DAY_NAMES = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const TARGET_NAMES = {
  first_response: "first response",
  next_response: "next response",
  resolution: "resolution",
} as const;
export const STATE_NAMES = { on_time: "On time", at_risk: "At risk", breached: "Breached" } as const;

/** "2 h 5 min", "45 min", "3 d 4 h"; under a minute is "under 1 min". */
export function formatDuration(ms: number): string {
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  if (minutes < 1) return "under 1 min";
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  const days = Math.floor(hours / 24);
  return hours % 24 ? `${days} d ${hours % 24} h` : `${days} d`;
}

/**
 * The badge's words: its state, the time left or past (wall time to the due time) with what is
 * due, and a short form of it for the inbox's narrow column.
 */
export function slaSummary(
  sla: WorkItemSlaView,
  now: number,
): { state: string; detail: string; short: string } {
  const state = STATE_NAMES[sla.state];
  if (sla.status === "stopped") return { state, detail: "clock stopped", short: "stopped" };
  if (sla.status === "paused")
    return {
      state,
      detail: `waiting on the customer${sla.remainingMs !== null && sla.remainingMs > 0 ? `, ${formatDuration(sla.remainingMs)} of resolution left` : ""}`,
      short: "paused",
    };
  if (!sla.dueAt || !sla.target) return { state, detail: "", short: "" };
  const left = Date.parse(sla.dueAt) - now;
  const target = TARGET_NAMES[sla.target];
  return left >= 0
    ? { state, detail: `${formatDuration(left)} to ${target}`, short: `${formatDuration(left)} left` }
    : { state, detail: `${target} ${formatDuration(left)} late`, short: `${formatDuration(left)} late` };
}

/** "09:00-12:30, 13:30-18:00" as stretches of hours; throws a sentence naming the first bad one. */
export function parseStretches(text: string): { start: string; end: string }[] {
  const out: { start: string; end: string }[] = [];
  for (const part of text
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean)) {
    const m = /^(\d{1,2}):(\d{2})\s*[-–]\s*(\d{1,2}):(\d{2})$/.exec(part);
    if (!m) throw new Error(`"${part}" is not a stretch like 09:00-12:30`);
    const pad = (h: string, min: string) => `${h.padStart(2, "0")}:${min}`;
    out.push({ start: pad(m[1]!, m[2]!), end: pad(m[3]!, m[4]!) });
  }
  return out;
}

/** Minutes typed in a form as milliseconds; empty is no target. */
export function minutesToMs(text: string): number | null {
  const trimmed = text.trim();
  if (!trimmed) return null;
  const minutes = Number(trimmed);
  if (!Number.isFinite(minutes) || minutes <= 0) throw new Error(`"${trimmed}" is not a number of minutes`);
  return Math.round(minutes * 60_000);
}

/** "a, b, c" as a list without blanks. */
export function parseList(text: string): string[] {
  return text
    .split(",")
    .map((v) => v.trim())
    .filter(Boolean);
}

/** How a source's health reads on the Sources page. */
import type { SourceState } from "../api/types.ts";

export const STATE_WORDS: Record<SourceState, string> = {
  running: "Running",
  receiving: "Receiving",
  idle: "Waiting to run",
  paused: "Paused by the peer",
  failing: "Failing, retrying",
  disabled: "Stopped",
  finished: "Finished",
};

/** "12 s", "4 min", "3 h", "2 days" behind; a dash when nothing was read yet. */
export function lagWords(seconds: number | null): string {
  if (seconds === null) return "—";
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  if (seconds < 2 * 86_400) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86_400)} days`;
}

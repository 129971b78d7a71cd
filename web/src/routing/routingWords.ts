/** Words and parsing for the routing screens, pure so they are tested without a browser. */
import type { Skill } from "../api/types.ts";

const KINDS = new Set(["language", "topic", "channel", "vip", "tier"]);

/** "1 h 5 min", "4 min", "40 s", or "none" when nothing waits. */
export function formatWait(ms: number | null): string {
  if (ms === null) return "none";
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
}

/** "language:en, topic:billing" as skills; throws a sentence naming the first bad one. */
export function parseSkills(text: string): Skill[] {
  const parts = text
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean);
  return parts.map((part) => {
    const [kind = "", ...rest] = part.split(":");
    const value = rest.join(":").trim();
    if (!KINDS.has(kind.trim()) || !value) {
      throw new Error(`"${part}" is not kind:value with kind language, topic, channel, vip or tier`);
    }
    return { kind: kind.trim() as Skill["kind"], value };
  });
}

/** Words and colours for the trend charts. Pure, so they are tested without a browser. */

export const DIMENSION_WORDS = {
  total: "Everything",
  intent: "Intent",
  topic: "Topic",
  sentiment: "Sentiment",
  platform: "Channel",
  language: "Language",
  campaign: "Campaign",
  voice: "Brand vs competitors",
} as const;
export type TrendDimension = keyof typeof DIMENSION_WORDS;

export const FILTER_WORDS = {
  campaign: "Campaign",
  platform: "Channel",
  language: "Language",
  topic: "Topic",
} as const;
export type TrendFilterKind = keyof typeof FILTER_WORDS;

/** Eight colours distinct for common colour blindness (Okabe–Ito), dark enough for lines on white. */
export const SERIES_COLOURS = [
  "#0072b2",
  "#d55e00",
  "#009e73",
  "#cc79a7",
  "#7a6a00",
  "#56b4e9",
  "#000000",
  "#e69f00",
];

/** A series' name as people read it. */
export function seriesLabel(dimension: string, key: string, names: Record<string, string> = {}): string {
  if (dimension === "total") return "All posts";
  if (dimension === "topic" && key === "none") return "No topic";
  if (dimension === "language" && key === "und") return "Unknown language";
  if (dimension === "voice") return key === "competitor" ? "Competitors" : "The brand";
  return names[key] ?? key.replaceAll("_", " ");
}

/** A point's time as its bucket reads: "2 Nov" for a day, "2 Nov 14:00" for an hour (UTC). */
export function pointLabel(at: string, interval: "hour" | "day"): string {
  const d = new Date(at);
  const day = d.toLocaleDateString("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });
  if (interval === "day") return day;
  return `${day} ${String(d.getUTCHours()).padStart(2, "0")}:00`;
}

/** A duration in words a manager reads at a glance. */
export function durationWords(ms: number | null): string {
  if (ms === null) return "–";
  const minutes = ms / 60_000;
  if (minutes < 1) return `${Math.round(ms / 1000)} s`;
  if (minutes < 90) return `${Math.round(minutes)} min`;
  const hours = minutes / 60;
  if (hours < 48) return `${hours.toFixed(1)} h`;
  return `${(hours / 24).toFixed(1)} days`;
}

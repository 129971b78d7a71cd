import type { VoiceCount } from "../api/types.ts";

/** The period choices. One day shows today's noise; thirty shows whether it lasts. */
export const PERIODS = [1, 7, 30] as const;
export type Period = (typeof PERIODS)[number];

/**
 * Bar widths as percentages of the largest post count in the table, so a topic's posts and voices
 * share one scale and the gap between them (one loud author vs. many people) shows at a glance.
 */
export function barScale(rows: readonly VoiceCount[]): (value: number) => string {
  const largest = Math.max(0, ...rows.map((row) => Math.max(row.posts, row.authors)));
  return (value) => (largest === 0 ? "0%" : `${Math.round((value / largest) * 1000) / 10}%`);
}

/** Posts per distinct author: 1.0 means every post is a different person. */
export function postsPerVoice(row: VoiceCount): string {
  return row.authors === 0 ? "–" : (row.posts / row.authors).toFixed(1);
}

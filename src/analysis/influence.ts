/**
 * Reach of the author and of the post, 0..1. Followers count on a log scale (10 → 0.14,
 * 10k → 0.57, 10M → 1); verification and engagement on the post add to it.
 */
import type { AnalysisInput } from "../domain/analysis.ts";

export interface Influence {
  score: number;
  /** 0..1: how fast the post is spreading (reposts weigh more than likes). */
  virality: number;
  explanation: string;
}

const clamp01 = (x: number): number => Math.min(1, Math.max(0, x));
const count = (n: number | undefined): number =>
  typeof n === "number" && Number.isFinite(n) && n > 0 ? n : 0;

export function measureInfluence(input: AnalysisInput): Influence {
  const followers = count(input.author?.followers);
  const verified = input.author?.verified === true;
  const reposts = count(input.reposts);
  const likes = count(input.likes);
  const reach = clamp01(Math.log10(1 + followers) / 7);
  const virality = clamp01(Math.log10(1 + reposts * 3 + likes) / 4);
  const score = clamp01(0.7 * reach + (verified ? 0.15 : 0) + 0.3 * virality);
  const parts = [`${followers} followers`];
  if (verified) parts.push("verified");
  if (reposts + likes > 0) parts.push(`${reposts} reposts, ${likes} likes`);
  return { score: round(score), virality: round(virality), explanation: parts.join(", ") };
}

export function round(x: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** Small factories for tests: each call makes a fresh, valid object; overrides set what matters. */
import type { Analysis, Intent } from "../../src/domain/analysis.ts";
import { INTENTS } from "../../src/domain/analysis.ts";
import { extractHashtags, extractMentions, type NormalizedPost } from "../../src/domain/post.ts";

let counter = 0;

export function makePost(overrides: Partial<NormalizedPost> = {}): NormalizedPost {
  counter += 1;
  const text = overrides.text ?? `@lumenhelp my phone has had no signal since this morning (${counter})`;
  return {
    platform: "x",
    platformId: `p${counter}-${Math.random().toString(36).slice(2, 8)}`,
    text,
    createdAt: new Date(Date.UTC(2026, 10, 1, 12, 0, counter % 60)),
    author: { platform: "x", platformId: `u${counter}`, handle: `user${counter}`, followers: 120 },
    channel: "public",
    mentions: extractMentions(text),
    hashtags: extractHashtags(text),
    raw: { source: "test" },
    ...overrides,
  };
}

export function makeAnalysis(overrides: Partial<Analysis> = {}): Analysis {
  const intent: Intent = overrides.intent?.label ?? "complaint";
  const scores = Object.fromEntries(INTENTS.map((i) => [i, i === intent ? 0.8 : 0.05])) as Record<
    Intent,
    number
  >;
  return {
    language: "en",
    direction: { label: "to_brand", confidence: 0.9, explanation: "mentions @lumenhelp first" },
    intent: { label: intent, confidence: 0.8, scores, explanation: "no signal" },
    sentiment: { label: "negative", score: -0.6, confidence: 0.7, explanation: "no signal" },
    topic: { label: "network", confidence: 0.6, explanation: "signal" },
    urgency: { level: "normal", confidence: 0.6, explanation: "no deadline" },
    influence: { score: 0.2, explanation: "120 followers" },
    pii: [],
    priority: 50,
    needsBrand: true,
    explanation: "complaint to the brand",
    modelVersion: "test",
    ...overrides,
  };
}

/**
 * Entry point of the analysis package: `createAnalyzer()` returns the analyzer the pipeline uses.
 * This first version is a small rule set; the trained models replace it behind the same interface.
 */
import type { Analysis, AnalysisInput, Analyzer, Intent } from "../domain/analysis.ts";
import { INTENTS } from "../domain/analysis.ts";

const RULES: [Intent, RegExp][] = [
  ["spam", /\b(free followers|crypto giveaway|click here|dm for promo)\b/i],
  [
    "complaint",
    /\b(worst|terrible|broken|refund|cancel+ed|delayed|never again|awful|still waiting|not working)\b/i,
  ],
  ["question", /\?|\b(how do i|how can i|does anyone know|help)\b/i],
  ["purchase_intent", /\b(want to buy|thinking of buying|price|how much|upgrade to|where can i get)\b/i],
  ["praise", /\b(love|great|thanks|thank you|awesome|amazing|best)\b/i],
  ["feedback", /\b(should add|would be nice|suggest|feature request|wish)\b/i],
];

export function createAnalyzer(): Analyzer {
  return {
    version: "rules-0",
    analyze(input: AnalysisInput): Analysis {
      const scores = Object.fromEntries(INTENTS.map((i) => [i, 0])) as Record<Intent, number>;
      let label: Intent = "other";
      for (const [intent, re] of RULES) {
        if (re.test(input.text)) {
          scores[intent] = 0.6;
          if (label === "other") label = intent;
        }
      }
      if (label === "other") scores.other = 0.5;
      const handle = input.author?.handle?.toLowerCase();
      const mentionsBrand = input.brandHandles.some((h) => input.text.toLowerCase().includes(`@${h}`));
      const direction =
        input.author?.isBrand || (handle && input.brandHandles.includes(handle))
          ? "from_brand"
          : mentionsBrand ||
              input.channel === "private" ||
              input.brandHandles.includes(input.replyToHandle ?? "")
            ? "to_brand"
            : "about_brand";
      const sentimentLabel = label === "complaint" ? "negative" : label === "praise" ? "positive" : "neutral";
      const score = sentimentLabel === "negative" ? -0.6 : sentimentLabel === "positive" ? 0.6 : 0;
      const needsBrand = direction !== "from_brand" && label !== "spam" && label !== "other";
      const priority = Math.round(
        (label === "complaint" ? 60 : label === "question" ? 50 : label === "purchase_intent" ? 55 : 20) +
          (direction === "to_brand" ? 15 : 0) +
          Math.min(20, Math.log10(1 + (input.author?.followers ?? 0)) * 4),
      );
      return {
        language: "und",
        direction: { label: direction, confidence: 0.6, explanation: `${direction} by post structure` },
        intent: { label, confidence: scores[label], scores, explanation: `matched ${label} words` },
        sentiment: { label: sentimentLabel, score, confidence: 0.5, explanation: "follows intent" },
        topic: { label: null, confidence: 0, explanation: "no taxonomy" },
        urgency: { level: "normal", confidence: 0.5, explanation: "default" },
        influence: {
          score: Math.min(1, Math.log10(1 + (input.author?.followers ?? 0)) / 7),
          explanation: "followers",
        },
        pii: [],
        priority: Math.min(100, priority),
        needsBrand,
        explanation: `${label} ${direction.replace("_", " ")}`,
        modelVersion: "rules-0",
      };
    },
  };
}

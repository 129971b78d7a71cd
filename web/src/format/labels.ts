/** Words shown for analysis labels and platforms; the API speaks in identifiers. */
import type { Intent, SentimentLabel, Urgency } from "../../../src/domain/analysis.ts";

export const INTENT_WORDS: Record<Intent, string> = {
  complaint: "Complaint",
  question: "Question",
  praise: "Praise",
  purchase_intent: "Purchase intent",
  feedback: "Feedback",
  spam: "Spam",
  other: "Other",
};

export const SENTIMENT_WORDS: Record<SentimentLabel, string> = {
  negative: "Negative",
  neutral: "Neutral",
  positive: "Positive",
};

export const URGENCY_WORDS: Record<Urgency, string> = {
  low: "Low",
  normal: "Normal",
  high: "High",
  critical: "Critical",
};

export const DIRECTION_WORDS: Record<string, string> = {
  to_brand: "To the brand",
  about_brand: "About the brand",
  from_brand: "From the brand",
  unrelated: "Unrelated",
};

export const PII_WORDS: Record<string, string> = {
  email: "Email address",
  phone: "Phone number",
  card: "Card number",
  account: "Account number",
};

const PLATFORM_WORDS: Record<string, string> = {
  bluesky: "Bluesky",
  mastodon: "Mastodon",
  reddit: "Reddit",
  x: "X",
  rss: "RSS",
  facebook: "Facebook",
  instagram: "Instagram",
  youtube: "YouTube",
  review: "Review",
  email: "Email",
  webhook: "Webhook",
  demo: "Demo",
};

/** The platforms an account can be named on, in the order the settings list them. */
export const PLATFORM_CHOICES: string[] = Object.keys(PLATFORM_WORDS);

export function platformName(platform: string): string {
  return PLATFORM_WORDS[platform] ?? platform;
}

/** Taxonomy topics are identifiers ("contract_plan"); people read "Contract plan". */
export function topicWords(topic: string): string {
  const spaced = topic.replaceAll("_", " ").trim();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

/** Compact renderings of analysis labels, shared by the inbox rows and the conversation view. */
import type { Intent, SentimentLabel, Urgency } from "../../../src/domain/analysis.ts";
import { INTENT_WORDS, SENTIMENT_WORDS, URGENCY_WORDS } from "../format/labels.ts";

export function IntentChip({ intent }: { intent: Intent }) {
  return <span className={`chip chip--intent-${intent}`}>{INTENT_WORDS[intent]}</span>;
}

export function SentimentMark({ sentiment }: { sentiment: SentimentLabel }) {
  return (
    <span className={`sentiment sentiment--${sentiment}`}>
      <span className="sentiment__dot" aria-hidden="true" />
      {SENTIMENT_WORDS[sentiment]}
    </span>
  );
}

export function UrgencyMark({ urgency }: { urgency: Urgency }) {
  return <span className={`urgency urgency--${urgency}`}>{URGENCY_WORDS[urgency]}</span>;
}

/** 0..100 as a number plus a bar, so the eye can scan a column of them. */
export function PriorityMeter({ priority }: { priority: number }) {
  const clamped = Math.max(0, Math.min(100, Math.round(priority)));
  const band = clamped >= 75 ? "top" : clamped >= 50 ? "high" : clamped >= 25 ? "mid" : "low";
  return (
    <span className={`priority priority--${band}`} title={`Priority ${clamped} of 100`}>
      <span className="priority__value">{clamped}</span>
      <span className="priority__bar" aria-hidden="true">
        <span style={{ width: `${clamped}%` }} />
      </span>
    </span>
  );
}

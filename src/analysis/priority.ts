/**
 * Priority 0..100, one formula, every weight configurable:
 *
 *   priority = 100 * clamp( base(intent) + urgency(level) + wNeg * negativity + wInf * influence
 *                           + wViral * virality + wValue * customerValue + wAge * ageFactor, 0, 1 )
 *
 * where negativity = max(0, -sentimentScore), ageFactor = min(1, ageMinutes / ageFullMinutes), and
 * customerValue is 0..1 from the CRM (0 when unknown). Posts that do not need the brand are capped.
 */
import type { Intent, Urgency } from "../domain/analysis.ts";

export interface PriorityWeights {
  intent: Record<Intent, number>;
  urgency: Record<Urgency, number>;
  negativity: number;
  influence: number;
  virality: number;
  customerValue: number;
  age: number;
  /** Minutes after which waiting adds its full weight. */
  ageFullMinutes: number;
  /** Ceiling for posts that need no work item (0..100). */
  notActionableCap: number;
}

export const DEFAULT_PRIORITY: PriorityWeights = {
  intent: {
    complaint: 0.3,
    question: 0.25,
    purchase_intent: 0.28,
    feedback: 0.15,
    praise: 0.08,
    other: 0.05,
    spam: 0,
  },
  urgency: { low: 0, normal: 0.05, high: 0.2, critical: 0.35 },
  negativity: 0.1,
  influence: 0.1,
  virality: 0.05,
  customerValue: 0.08,
  age: 0.07,
  ageFullMinutes: 120,
  notActionableCap: 20,
};

export interface PriorityInput {
  intent: Intent;
  urgency: Urgency;
  sentimentScore: number;
  influence: number;
  virality: number;
  customerValue?: number;
  ageMinutes?: number;
  needsBrand: boolean;
}

const clamp01 = (x: number): number => (Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0);

export function computePriority(p: PriorityInput, w: PriorityWeights = DEFAULT_PRIORITY): number {
  const raw =
    w.intent[p.intent] +
    w.urgency[p.urgency] +
    w.negativity * clamp01(-p.sentimentScore) +
    w.influence * clamp01(p.influence) +
    w.virality * clamp01(p.virality) +
    w.customerValue * clamp01(p.customerValue ?? 0) +
    w.age * clamp01((p.ageMinutes ?? 0) / w.ageFullMinutes);
  const score = Math.round(100 * clamp01(raw));
  return p.needsBrand ? score : Math.min(score, w.notActionableCap);
}

/**
 * Urgency from signals that make waiting costly: safety, legal threats, outages, lost money,
 * imminent travel or deadlines, and public escalation by an influential author.
 */
import type { Urgency } from "../domain/analysis.ts";

interface Signal {
  name: string;
  level: Urgency;
  pattern: RegExp;
}

const SIGNALS: Signal[] = [
  {
    name: "safety",
    level: "critical",
    pattern:
      /\b(unsafe|danger(ous)?|injur(ed|y)|hurt|fire|smoke|emergency|bleeding|ambulance|police|assault(ed)?|harass(ed|ment)?|fainted|allerg(y|ic)|overdose|suicid\w*|threat(en(ed|ing)?)?)\b/i,
  },
  {
    name: "legal threat",
    level: "critical",
    pattern:
      /\b(lawyer|attorney|sue|suing|lawsuit|legal action|court|ombudsman|regulator|small claims|report(ing)? you to|bbb|fca|ftc|dot complaint)\b/i,
  },
  {
    name: "fraud",
    level: "critical",
    pattern: /\b(fraud(ulent)?|scam(med)?|stolen|hacked|unauthori[sz]ed|identity theft|phishing)\b/i,
  },
  {
    name: "outage",
    level: "high",
    pattern:
      /\b(outage|is down|are down|went down|not working|doesn'?t work|stopped working|no (signal|service|internet|power|connection)|can'?t (log ?in|login|access|connect)|offline|crash(ed|es|ing)?|error \d+)\b/i,
  },
  {
    name: "money lost",
    level: "high",
    pattern:
      /\b(charged twice|double charged|overcharged|refund|money back|lost money|took my money|charged me|missing (money|payment|funds)|declined|chargeback|billing error)\b/i,
  },
  {
    name: "imminent travel or deadline",
    level: "high",
    pattern:
      /\b(boarding|gate|departs?|departure|flight (is |leaves )?(in|at|tomorrow|tonight)|stranded|stuck (at|in|on)|missed (my )?(connection|flight)|today|tonight|tomorrow|asap|urgent(ly)?|right now|immediately|deadline|within the hour|in \d+ (min|minutes|hours?))\b/i,
  },
  {
    name: "waiting",
    level: "normal",
    pattern:
      /\b(still waiting|no response|no reply|hours? on hold|on hold|again|third time|\d+(st|nd|rd|th)? time)\b/i,
  },
];

const ORDER: Urgency[] = ["low", "normal", "high", "critical"];

export interface UrgencyResult {
  level: Urgency;
  confidence: number;
  explanation: string;
  signals: string[];
}

export function assessUrgency(
  text: string,
  ctx: { negative: number; influence: number; actionable: boolean },
): UrgencyResult {
  const sample = text.length > 5000 ? text.slice(0, 5000) : text;
  let level: Urgency = ctx.actionable ? "normal" : "low";
  const signals: string[] = [];
  for (const s of SIGNALS) {
    const m = s.pattern.exec(sample);
    if (!m) continue;
    signals.push(`${s.name} ("${m[0].toLowerCase()}")`);
    if (ORDER.indexOf(s.level) > ORDER.indexOf(level)) level = s.level;
  }
  // Deadlines and outages matter when there is something to act on; "see you tomorrow!" is low.
  if (!ctx.actionable && level === "high") level = "normal";
  // An angry public post from someone many people read escalates by itself.
  if (ctx.influence >= 0.6 && ctx.negative >= 0.6) {
    signals.push("public escalation by an influential author");
    if (ORDER.indexOf(level) < ORDER.indexOf("high")) level = "high";
    else if (level === "high") level = "critical";
  }
  const confidence = signals.length === 0 ? 0.6 : Math.min(0.95, 0.65 + 0.1 * signals.length);
  const explanation = signals.length
    ? signals.join("; ")
    : ctx.actionable
      ? "no urgency signal"
      : "nothing to act on";
  return { level, confidence, explanation, signals };
}

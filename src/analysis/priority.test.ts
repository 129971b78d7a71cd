import { describe, expect, it } from "vitest";
import { computePriority, DEFAULT_PRIORITY } from "./priority.ts";

const base = {
  intent: "complaint" as const,
  urgency: "normal" as const,
  sentimentScore: -0.5,
  influence: 0.2,
  virality: 0,
  needsBrand: true,
};

describe("computePriority", () => {
  it("ranks critical, influential, old complaints above calm questions", () => {
    const high = computePriority({ ...base, urgency: "critical", influence: 0.9, ageMinutes: 240 });
    const low = computePriority({ ...base, intent: "question", sentimentScore: 0 });
    expect(high).toBeGreaterThan(low);
    expect(high).toBeLessThanOrEqual(100);
  });
  it("caps posts that need no work item", () => {
    expect(computePriority({ ...base, urgency: "critical", needsBrand: false })).toBeLessThanOrEqual(
      DEFAULT_PRIORITY.notActionableCap,
    );
  });
  it("follows configured weights", () => {
    const w = { ...DEFAULT_PRIORITY, age: 0.5 };
    expect(computePriority({ ...base, ageMinutes: 120 }, w)).toBeGreaterThan(
      computePriority({ ...base, ageMinutes: 0 }, w),
    );
  });
});

import { describe, expect, it } from "vitest";
import { careKpis } from "./kpis.ts";

const now = new Date("2026-12-02T12:00:00Z");

describe("careKpis", () => {
  it("counts SLA met over the decided items under a policy, and averages the survey ratings", () => {
    const kpis = careKpis(
      [],
      [],
      [],
      now,
      [{ breached: false }, { breached: true }, { breached: false }, { breached: false }],
      [5, 4, 2],
    );
    expect(kpis.slaMetRate).toBe(0.75);
    expect(kpis.surveyScore).toBeCloseTo(11 / 3);
  });

  it("leaves both empty when the period has no SLA outcome and no answer", () => {
    const kpis = careKpis([], [], [], now);
    expect(kpis.slaMetRate).toBeNull();
    expect(kpis.surveyScore).toBeNull();
  });
});

import { describe, expect, it } from "vitest";
import { durationWords, pointLabel, seriesLabel } from "./trendWords.ts";

describe("trend words", () => {
  it("names series as people read them", () => {
    expect(seriesLabel("total", "")).toBe("All posts");
    expect(seriesLabel("topic", "none")).toBe("No topic");
    expect(seriesLabel("voice", "competitor")).toBe("Competitors");
    expect(seriesLabel("intent", "purchase_intent")).toBe("purchase intent");
    expect(seriesLabel("campaign", "c1", { c1: "Spring launch" })).toBe("Spring launch");
  });

  it("labels points by their bucket", () => {
    expect(pointLabel("2026-11-02T14:00:00.000Z", "hour")).toBe("2 Nov 14:00");
    expect(pointLabel("2026-11-02T00:00:00.000Z", "day")).toBe("2 Nov");
  });

  it("puts durations in the unit that reads best", () => {
    expect(durationWords(null)).toBe("–");
    expect(durationWords(45_000)).toBe("45 s");
    expect(durationWords(12 * 60_000)).toBe("12 min");
    expect(durationWords(5 * 3_600_000)).toBe("5.0 h");
    expect(durationWords(72 * 3_600_000)).toBe("3.0 days");
  });
});

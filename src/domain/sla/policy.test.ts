import { describe, expect, it } from "vitest";
import { choosePolicy, policyProblem, type SlaPolicy } from "./policy.ts";

const policy = (id: string, position: number, conditions: SlaPolicy["conditions"]): SlaPolicy => ({
  id,
  name: id,
  position,
  enabled: true,
  conditions,
  firstResponseMs: 60_000,
  nextResponseMs: null,
  resolutionMs: null,
  warnBeforeMs: 0,
  calendarId: null,
  escalations: [],
});

const item = { queueId: null, platform: "x", channel: "public", priority: 50, tier: null } as const;

describe("SLA policies by customer tier", () => {
  const vip = policy("vip", 1, [{ field: "tier", values: ["vip", "gold"] }]);
  const rest = policy("rest", 2, []);

  it("applies a tier's policy to a confirmed customer of that tier, and the next one otherwise", () => {
    expect(choosePolicy([rest, vip], { ...item, tier: "vip" })?.id).toBe("vip");
    expect(choosePolicy([rest, vip], { ...item, tier: "gold" })?.id).toBe("vip");
    expect(choosePolicy([rest, vip], { ...item, tier: "standard" })?.id).toBe("rest");
    // No confirmed customer: no tier holds.
    expect(choosePolicy([rest, vip], item)?.id).toBe("rest");
  });

  it("refuses a tier that does not exist", () => {
    const { id: _, ...input } = policy("x", 1, [{ field: "tier", values: ["platinum"] }]);
    expect(policyProblem(input)).toMatch(/standard, silver, gold, vip/);
  });
});

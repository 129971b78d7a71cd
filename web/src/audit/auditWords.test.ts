import { describe, expect, it } from "vitest";
import { actionWords, detailLine } from "./auditWords.ts";

describe("audit words", () => {
  it("names known actions plainly and work item moves by their verb", () => {
    expect(actionWords("user.role_change")).toBe("Changed a role");
    expect(actionWords("work_item.resolve")).toBe("Resolve a work item");
    expect(actionWords("something.new")).toBe("something.new");
    expect(actionWords("work_item.hand_off")).toBe("Handed a work item off");
    expect(actionWords("handoff.status")).toBe("Contact center reported a hand-off's status");
  });

  it("writes a detail as one line of key: value, keeping markup as characters", () => {
    expect(detailLine({ from: "agent", to: "analyst" })).toBe("from: agent · to: analyst");
    expect(detailLine({ query: "<img src=x onerror=alert(1)>", days: 30 })).toBe(
      "query: <img src=x onerror=alert(1)> · days: 30",
    );
  });
});

import { describe, expect, it } from "vitest";
import { isParleyError } from "../errors.ts";
import {
  applyReport,
  HANDOFF_STATUSES,
  REPORTED_STATUSES,
  validHandoffReason,
  workItemAfterReport,
} from "./handoff.ts";

const codeOf = (fn: () => unknown) => {
  try {
    fn();
    return null;
  } catch (err) {
    return isParleyError(err) ? err.code : "not a ParleyError";
  }
};

describe("hand-off statuses", () => {
  it("move forward through accepted, assigned and handled, from queued or delivered", () => {
    expect(applyReport("queued", "accepted")).toBe(true);
    expect(applyReport("delivered", "assigned")).toBe(true);
    expect(applyReport("accepted", "handled")).toBe(true);
    expect(applyReport("assigned", "rejected")).toBe(true);
  });

  it("treat the status a hand-off already has as a harmless repeat", () => {
    for (const s of REPORTED_STATUSES) expect(applyReport(s, s)).toBe(false);
  });

  it("refuse a step back and any change to a closed hand-off", () => {
    expect(codeOf(() => applyReport("assigned", "accepted"))).toBe("handoff_status_backwards");
    for (const closed of ["handled", "rejected", "failed"] as const) {
      for (const s of REPORTED_STATUSES.filter((r) => r !== closed)) {
        expect(codeOf(() => applyReport(closed, s))).toBe("handoff_closed");
      }
    }
  });

  it("never move back for any pair of statuses", () => {
    const order = ["queued", "delivered", "accepted", "assigned"] as const;
    for (const current of HANDOFF_STATUSES) {
      for (const reported of REPORTED_STATUSES) {
        const i = order.indexOf(current as (typeof order)[number]);
        const j = order.indexOf(reported as (typeof order)[number]);
        if (i >= 0 && j >= 0 && j < i) expect(codeOf(() => applyReport(current, reported))).not.toBeNull();
      }
    }
  });

  it("resolve the item on handled and return it on rejected", () => {
    expect(workItemAfterReport("handled")).toBe("handled");
    expect(workItemAfterReport("rejected")).toBe("new");
    expect(workItemAfterReport("accepted")).toBeNull();
    expect(workItemAfterReport("assigned")).toBeNull();
  });

  it("need a reason", () => {
    expect(validHandoffReason("  billing  ")).toBe("billing");
    expect(codeOf(() => validHandoffReason(" \n "))).toBe("handoff_reason_required");
    expect(codeOf(() => validHandoffReason("x".repeat(2001)))).toBe("validation_failed");
  });
});

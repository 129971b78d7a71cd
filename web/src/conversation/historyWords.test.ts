import { describe, expect, it } from "vitest";
import { historyWords, type ItemHistoryEntry } from "./historyWords.ts";

const step = (entry: Partial<ItemHistoryEntry> & Pick<ItemHistoryEntry, "kind">): ItemHistoryEntry => ({
  id: "00000000-0000-4000-8000-000000000001",
  at: "2026-11-02T09:00:00.000Z",
  actor: null,
  agent: null,
  queue: null,
  detail: {},
  ...entry,
});
const alex = { id: "00000000-0000-4000-8000-00000000000a", name: "Alex Agent" };
const dana = { id: "00000000-0000-4000-8000-00000000000d", name: "Dana Demo" };

describe("history words", () => {
  it("says who did each step", () => {
    expect(historyWords(step({ kind: "claimed", actor: alex, agent: alex }))).toBe("Taken by Alex Agent");
    expect(historyWords(step({ kind: "transferred", actor: dana, agent: alex }))).toBe(
      "Transferred to Alex Agent by Dana Demo",
    );
    expect(
      historyWords(step({ kind: "transferred", actor: dana, queue: { id: alex.id, name: "Billing" } })),
    ).toBe("Moved to Billing by Dana Demo");
    expect(historyWords(step({ kind: "replied", actor: alex, detail: { channel: "private" } }))).toBe(
      "Answered privately by Alex Agent",
    );
  });

  it("tells the customer's reopening from an agent's, and why an item was routed", () => {
    expect(historyWords(step({ kind: "reopened" }))).toBe("Reopened by the customer writing again");
    expect(historyWords(step({ kind: "reopened", actor: alex }))).toBe("Reopened by Alex Agent");
    expect(
      historyWords(
        step({ kind: "routed", queue: { id: alex.id, name: "Care" }, detail: { reason: "rule" } }),
      ),
    ).toBe("Put in Care by a routing rule");
    expect(historyWords(step({ kind: "offer_ended", agent: alex, detail: { reason: "expired" } }))).toBe(
      "Offer to Alex Agent ended: not taken in time",
    );
  });
});

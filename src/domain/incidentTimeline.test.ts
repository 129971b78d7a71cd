/** An incident's timeline from its facts. */
import { describe, expect, it } from "vitest";
import { incidentTimeline } from "./incidentTimeline.ts";

const at = (minutes: number) => new Date(Date.UTC(2026, 11, 3, 9, minutes));

describe("incidentTimeline", () => {
  it("an open incident: opened with its first items, then each later batch", () => {
    expect(
      incidentTimeline({
        createdAt: at(0),
        answeredAt: null,
        items: [
          { addedAt: at(0), outcome: null, replySentAt: null },
          { addedAt: at(0), outcome: null, replySentAt: null },
          { addedAt: at(60), outcome: null, replySentAt: null },
        ],
      }),
    ).toEqual([
      { at: at(0).toISOString(), what: "Opened with 2 items" },
      { at: at(60).toISOString(), what: "1 item joined" },
    ]);
  });

  it("an answered one: the answer with what failed or was passed over, the first and the last reply sent", () => {
    expect(
      incidentTimeline({
        createdAt: at(0),
        answeredAt: at(10),
        items: [
          { addedAt: at(0), outcome: "replied", replySentAt: at(11) },
          { addedAt: at(0), outcome: "replied", replySentAt: at(12) },
          { addedAt: at(0), outcome: "failed", replySentAt: null },
          { addedAt: at(0), outcome: "skipped", replySentAt: null },
        ],
      }).map((e) => e.what),
    ).toEqual([
      "Opened with 4 items",
      "Answered: 2 replies written (1 could not be answered, 1 closed before)",
      "First reply sent",
      "All 2 replies sent",
    ]);
  });

  it("says nothing of all replies sent while some are still on their way", () => {
    const whats = incidentTimeline({
      createdAt: at(0),
      answeredAt: at(10),
      items: [
        { addedAt: at(0), outcome: "replied", replySentAt: at(11) },
        { addedAt: at(0), outcome: "replied", replySentAt: null },
      ],
    }).map((e) => e.what);
    expect(whats).toEqual(["Opened with 2 items", "Answered: 2 replies written", "First reply sent"]);
  });
});

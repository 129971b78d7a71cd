import { describe, expect, it } from "vitest";
import { periodStart, summarizeScores } from "./surveyScores.ts";

const at = (iso: string) => new Date(iso);

describe("survey scores", () => {
  it("starts days at midnight UTC, weeks on Monday and months on the first", () => {
    const wednesday = at("2026-11-25T18:30:00Z");
    expect(periodStart(wednesday, "day").toISOString()).toBe("2026-11-25T00:00:00.000Z");
    expect(periodStart(wednesday, "week").toISOString()).toBe("2026-11-23T00:00:00.000Z");
    expect(periodStart(at("2026-11-29T23:59:00Z"), "week").toISOString()).toBe("2026-11-23T00:00:00.000Z");
    expect(periodStart(wednesday, "month").toISOString()).toBe("2026-11-01T00:00:00.000Z");
  });

  it("groups ratings per agent, queue and period, with averages and distributions", () => {
    const answers = [
      { score: 5, answeredAt: at("2026-11-25T10:00:00Z"), agentUserId: "a", agentName: "Ana", queue: "q1" },
      { score: 4, answeredAt: at("2026-11-25T11:00:00Z"), agentUserId: "a", agentName: "Ana", queue: "q2" },
      { score: 1, answeredAt: at("2026-11-26T09:00:00Z"), agentUserId: "b", agentName: "Ben", queue: "q1" },
      { score: 9, answeredAt: at("2026-11-26T09:00:00Z"), agentUserId: "b", agentName: "Ben", queue: "q1" },
    ];
    const names: Record<string, string> = { q1: "Billing", q2: "Network" };
    const summary = summarizeScores(answers, "day", (id) => names[id] ?? null);
    expect(summary.overall).toEqual({ answers: 3, average: 3.33, distribution: [1, 0, 0, 1, 1] });
    expect(summary.byAgent).toEqual([
      { agent: { id: "a", name: "Ana" }, answers: 2, average: 4.5, distribution: [0, 0, 0, 1, 1] },
      { agent: { id: "b", name: "Ben" }, answers: 1, average: 1, distribution: [1, 0, 0, 0, 0] },
    ]);
    expect(summary.byQueue.map((q) => [q.queue, q.answers, q.average])).toEqual([
      ["Billing", 2, 3],
      ["Network", 1, 4],
    ]);
    expect(summary.byPeriod.map((p) => [p.start, p.answers])).toEqual([
      ["2026-11-25T00:00:00.000Z", 2],
      ["2026-11-26T00:00:00.000Z", 1],
    ]);
  });
});

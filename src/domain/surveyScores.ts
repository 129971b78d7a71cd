/** Survey scores grouped by agent, queue and period. Pure: the surveys service reads the answers. */
import type { ScoreGroup } from "./engagementViews.ts";

export type Period = "day" | "week" | "month";

export interface Answer {
  score: number;
  answeredAt: Date;
  agentUserId: string | null;
  agentName: string | null;
  queue: string | null;
}

function group(scores: number[]): ScoreGroup {
  const distribution = [0, 0, 0, 0, 0];
  let sum = 0;
  for (const s of scores) {
    distribution[s - 1]! += 1;
    sum += s;
  }
  return {
    answers: scores.length,
    average: scores.length ? Math.round((sum / scores.length) * 100) / 100 : 0,
    distribution,
  };
}

/** The start (UTC) of the period holding `at`; weeks start on Monday. */
export function periodStart(at: Date, period: Period): Date {
  const d = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
  if (period === "week") d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  if (period === "month") d.setUTCDate(1);
  return d;
}

function by<K>(answers: readonly Answer[], key: (a: Answer) => K): Map<K, number[]> {
  const groups = new Map<K, number[]>();
  for (const a of answers) {
    const k = key(a);
    const list = groups.get(k);
    if (list) list.push(a.score);
    else groups.set(k, [a.score]);
  }
  return groups;
}

export function summarizeScores(
  answers: readonly Answer[],
  period: Period,
  queueName: (id: string) => string | null,
) {
  const valid = answers.filter((a) => Number.isInteger(a.score) && a.score >= 1 && a.score <= 5);
  const names = new Map(valid.map((a) => [a.agentUserId, a.agentName]));
  const byAgent = [...by(valid, (a) => a.agentUserId)].map(([agentId, scores]) => ({
    agent: agentId ? { id: agentId, name: names.get(agentId) ?? null } : null,
    ...group(scores),
  }));
  const byQueue = [...by(valid, (a) => (a.queue ? (queueName(a.queue) ?? a.queue) : null))].map(
    ([queue, scores]) => ({
      queue,
      ...group(scores),
    }),
  );
  const byPeriod = [...by(valid, (a) => periodStart(a.answeredAt, period).getTime())]
    .sort(([a], [b]) => a - b)
    .map(([start, scores]) => ({ start: new Date(start).toISOString(), ...group(scores) }));
  const order = (a: ScoreGroup, b: ScoreGroup) => b.answers - a.answers;
  return {
    overall: group(valid.map((a) => a.score)),
    byAgent: byAgent.sort(order),
    byQueue: byQueue.sort(order),
    byPeriod,
  };
}

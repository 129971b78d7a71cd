/** Survey ratings per agent, queue and period, on the supervisor's Routing page. */
import { useEffect, useState } from "react";
import { api } from "../api/client.ts";
import type { SurveyScoresView } from "../api/engagementTypes.ts";
import { plainErrorMessage } from "../api/errorMessages.ts";

type Period = "day" | "week" | "month";
const PERIOD_WORDS: Record<Period, string> = { day: "Per day", week: "Per week", month: "Per month" };

function periodLabel(start: string, period: Period): string {
  const d = new Date(start);
  if (period === "month")
    return d.toLocaleDateString("en", { month: "long", year: "numeric", timeZone: "UTC" });
  const day = d.toLocaleDateString("en", { day: "numeric", month: "short", timeZone: "UTC" });
  return period === "week" ? `Week of ${day}` : day;
}

export function SurveyScores() {
  const [period, setPeriod] = useState<Period>("day");
  const [scores, setScores] = useState<SurveyScoresView | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api.surveyScores(period).then(setScores, (failure: unknown) => setError(plainErrorMessage(failure)));
  }, [period]);

  const rows: { key: string; group: string; label: string; answers: number; average: number }[] = scores
    ? [
        ...scores.byAgent.map((g) => ({
          key: `a:${g.agent?.id ?? "none"}`,
          group: "Agent",
          label: g.agent?.name ?? "Nobody",
          ...g,
        })),
        ...scores.byQueue.map((g) => ({
          key: `q:${g.queue ?? "none"}`,
          group: "Queue",
          label: g.queue ?? "No queue",
          ...g,
        })),
        ...scores.byPeriod.map((g) => ({
          key: `p:${g.start}`,
          group: "Period",
          label: periodLabel(g.start, period),
          ...g,
        })),
      ]
    : [];

  return (
    <section aria-labelledby="surveys-title">
      <h2 id="surveys-title" className="section-title">
        Satisfaction (last 30 days)
      </h2>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {scores && (
        <p>
          {scores.overall.answers} of {scores.invited} invited rated the help
          {scores.overall.answers > 0 ? `: ${scores.overall.average.toFixed(2)} out of 5 on average` : ""}.
        </p>
      )}
      <label className="field field--inline">
        <span>Periods</span>
        <select value={period} onChange={(e) => setPeriod(e.target.value as Period)}>
          {(Object.keys(PERIOD_WORDS) as Period[]).map((p) => (
            <option key={p} value={p}>
              {PERIOD_WORDS[p]}
            </option>
          ))}
        </select>
      </label>
      {rows.length > 0 && (
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">By</th>
              <th scope="col">Who or when</th>
              <th scope="col">Ratings</th>
              <th scope="col">Average (1–5)</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key}>
                <td>{r.group}</td>
                <th scope="row">{r.label}</th>
                <td className="num">{r.answers}</td>
                <td className="num">{r.average.toFixed(2)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

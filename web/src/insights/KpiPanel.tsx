import type { CareKpis } from "../api/types.ts";
import { durationWords } from "./trendWords.ts";

/** The care KPIs of the period, SLA met and the survey score among them. */
export function KpiPanel({ kpis }: { kpis: CareKpis }) {
  const figures: [string, string, string][] = [
    ["First response", durationWords(kpis.firstResponse.medianMs), `median of ${kpis.firstResponse.count}`],
    ["Resolution", durationWords(kpis.resolution.medianMs), `median of ${kpis.resolution.count}`],
    [
      "Response rate",
      kpis.responseRate === null ? "–" : `${Math.round(kpis.responseRate * 100)}%`,
      `of ${kpis.opened} posts needing the brand`,
    ],
    ["Backlog", String(kpis.backlog.open), `oldest ${durationWords(kpis.backlog.oldestAgeMs)}`],
    [
      "SLA met",
      kpis.slaMetRate === null ? "–" : `${Math.round(kpis.slaMetRate * 100)}%`,
      "from SLA policies",
    ],
    ["Survey score", kpis.surveyScore === null ? "–" : kpis.surveyScore.toFixed(1), "from customer surveys"],
  ];
  return (
    <section className="panel kpis" aria-labelledby="kpis-title">
      <h2 id="kpis-title">Care</h2>
      <dl className="kpis__grid">
        {figures.map(([name, value, note]) => (
          <div key={name} className="kpis__figure">
            <dt>{name}</dt>
            <dd>
              <span className="kpis__value">{value}</span>
              <span className="kpis__note">{note}</span>
            </dd>
          </div>
        ))}
      </dl>
      {kpis.handledPerAgent.length > 0 && (
        <table className="table kpis__agents">
          <caption>Handled per agent</caption>
          <thead>
            <tr>
              <th scope="col">Agent</th>
              <th scope="col" className="num">
                Handled
              </th>
            </tr>
          </thead>
          <tbody>
            {kpis.handledPerAgent.map((a) => (
              <tr key={a.userId}>
                <th scope="row">{a.name}</th>
                <td className="num">{a.handled}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

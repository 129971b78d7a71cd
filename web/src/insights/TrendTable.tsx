import type { TrendsReport } from "../api/types.ts";
import type { Measure } from "./TrendChart.tsx";
import { pointLabel } from "./trendWords.ts";

interface Props {
  report: TrendsReport;
  measure: Measure;
  labelOf: (key: string) => string;
  onPick: (key: string, at: string) => void;
}

/** The chart's figures as a table: one row per hour or day, one column per series; each figure opens its posts. */
export function TrendTable({ report, measure, labelOf, onPick }: Props) {
  const points = report.series[0]?.points ?? [];
  return (
    <div className="trend-table">
      <table className="table">
        <caption className="visually-hidden">
          {measure === "authors" ? "Distinct authors" : "Posts"} per {report.interval}
        </caption>
        <thead>
          <tr>
            <th scope="col">{report.interval === "hour" ? "Hour (UTC)" : "Day (UTC)"}</th>
            {report.series.map((s) => (
              <th key={s.key} scope="col" className="num">
                {labelOf(s.key)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {points.map((point, i) => (
            <tr key={point.at}>
              <th scope="row">{pointLabel(point.at, report.interval)}</th>
              {report.series.map((s) => {
                const value = s.points[i]?.[measure] ?? 0;
                return (
                  <td key={s.key} className="num">
                    {value === 0 ? (
                      "0"
                    ) : (
                      <button
                        type="button"
                        className="link-button"
                        aria-label={`${value} ${measure === "authors" ? "authors" : "posts"}, ${labelOf(s.key)}, ${pointLabel(point.at, report.interval)}: show the posts`}
                        onClick={() => onPick(s.key, point.at)}
                      >
                        {value}
                      </button>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Whole period</th>
            {report.series.map((s) => (
              <td key={s.key} className="num">
                {measure === "authors" ? s.authors : s.posts}
              </td>
            ))}
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

import { useEffect, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import type { TrendsReport } from "../api/types.ts";
import { pointLabel, SERIES_COLOURS } from "./trendWords.ts";

export type Measure = "authors" | "posts";

interface Props {
  report: TrendsReport;
  measure: Measure;
  labelOf: (key: string) => string;
  /** A point was chosen: open the posts behind it. */
  onPick: (key: string, at: string) => void;
}

/**
 * The trend as lines (uPlot on a canvas). The canvas is a picture to screen readers, named by
 * what it shows; the table beside it carries the same figures and the same drill-down buttons.
 */
export function TrendChart({ report, measure, labelOf, onPick }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const pick = useRef(onPick);
  pick.current = onPick;

  useEffect(() => {
    const element = box.current;
    if (!element || report.series.length === 0) return;
    const first = report.series[0];
    const xs = (first?.points ?? []).map((p) => new Date(p.at).getTime() / 1000);
    const data: uPlot.AlignedData = [xs, ...report.series.map((s) => s.points.map((p) => p[measure]))];
    const width = () => Math.max(280, element.clientWidth);
    const plot = new uPlot(
      {
        width: width(),
        height: 280,
        tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), "Etc/UTC"),
        series: [
          {},
          ...report.series.map((s, i) => ({
            label: labelOf(s.key),
            stroke: SERIES_COLOURS[i % SERIES_COLOURS.length],
            width: 2,
            points: { show: xs.length <= 60 },
          })),
        ],
        axes: [{}, { label: measure === "authors" ? "Distinct authors" : "Posts" }],
        scales: { y: { range: (_u, _min, max) => [0, Math.max(1, max)] } },
        legend: { show: true },
        cursor: { focus: { prox: 16 } },
      },
      data,
      element,
    );
    // A click opens the posts behind the nearest point of the series nearest the cursor.
    const over = plot.over;
    const onClick = () => {
      const i = plot.cursor.idx;
      if (i === null || i === undefined) return;
      const focused = plot.series.findIndex((s, k) => k > 0 && s.alpha !== undefined && s.alpha === 1);
      const seriesIndex = focused > 0 ? focused - 1 : 0;
      const series = report.series[seriesIndex];
      const point = series?.points[i];
      if (series && point) pick.current(series.key, point.at);
    };
    over.addEventListener("click", onClick);
    const resize = new ResizeObserver(() => plot.setSize({ width: width(), height: 280 }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      over.removeEventListener("click", onClick);
      plot.destroy();
    };
  }, [report, measure, labelOf]);

  const range = report.series[0]?.points ?? [];
  const summary =
    report.series.length === 0
      ? "No posts in this period"
      : `${measure === "authors" ? "Distinct authors" : "Posts"} per ${report.interval}, ${pointLabel(
          range[0]?.at ?? report.from,
          report.interval,
        )} to ${pointLabel(range.at(-1)?.at ?? report.to, report.interval)}: ${report.series
          .map((s) => `${labelOf(s.key)} ${measure === "authors" ? s.authors : s.posts}`)
          .join(", ")}`;
  return <div ref={box} className="trend-chart" role="img" aria-label={summary} />;
}

import { useCallback, useEffect, useState } from "react";
import { ApiError, api } from "../api/client.ts";
import { plainErrorMessage } from "../api/errorMessages.ts";
import type { CareKpis, PostsBehind, TrendsReport } from "../api/types.ts";
import { useSession } from "../auth/SessionContext.tsx";
import { ErrorBanner } from "../shell/ErrorBanner.tsx";
import { KpiPanel } from "./KpiPanel.tsx";
import { PostsBehindList } from "./PostsBehindList.tsx";
import { type Measure, TrendChart } from "./TrendChart.tsx";
import { TrendTable } from "./TrendTable.tsx";
import {
  DIMENSION_WORDS,
  FILTER_WORDS,
  pointLabel,
  seriesLabel,
  type TrendDimension,
  type TrendFilterKind,
} from "./trendWords.ts";

interface Props {
  days: number;
  campaignNames: Record<string, string>;
}

/** Trends over the period from the rollups, the care KPIs, and the posts behind any point. */
export function TrendsSection({ days, campaignNames }: Props) {
  const { signOut } = useSession();
  const [dimension, setDimension] = useState<TrendDimension>("total");
  const [measure, setMeasure] = useState<Measure>("authors");
  const [filterKind, setFilterKind] = useState<TrendFilterKind | "">("");
  const [filterValue, setFilterValue] = useState("");
  const [asTable, setAsTable] = useState(false);
  const [report, setReport] = useState<TrendsReport | null>(null);
  const [kpis, setKpis] = useState<CareKpis | null>(null);
  const [behind, setBehind] = useState<{ title: string; data: PostsBehind } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const interval = days <= 1 ? "hour" : "day";

  const fail = useCallback(
    (failure: unknown) => {
      if (failure instanceof ApiError && failure.code === "unauthenticated") signOut();
      setError(plainErrorMessage(failure));
    },
    [signOut],
  );

  const filterQuery = useCallback(
    (query: URLSearchParams) => {
      if (filterKind && filterValue.trim()) query.set(filterKind, filterValue.trim());
      return query;
    },
    [filterKind, filterValue],
  );

  useEffect(() => {
    let current = true;
    setError(null);
    const query = filterQuery(new URLSearchParams({ dimension, interval, days: String(days), limit: "8" }));
    api.trends(query).then(
      (r) => current && setReport(r),
      (f: unknown) => current && fail(f),
    );
    return () => {
      current = false;
    };
  }, [dimension, interval, days, filterQuery, fail]);

  useEffect(() => {
    let current = true;
    api.kpis(days).then(
      (k) => current && setKpis(k),
      (f: unknown) => current && fail(f),
    );
    return () => {
      current = false;
    };
  }, [days, fail]);

  const labelOf = useCallback(
    (key: string) => seriesLabel(dimension, key, campaignNames),
    [dimension, campaignNames],
  );

  const pick = useCallback(
    (key: string, at: string) => {
      const query = filterQuery(new URLSearchParams({ dimension, key, at, interval }));
      api
        .postsBehind(query)
        .then((data) => setBehind({ title: `${labelOf(key)} · ${pointLabel(at, interval)}`, data }), fail);
    },
    [dimension, interval, filterQuery, labelOf, fail],
  );

  return (
    <>
      <ErrorBanner error={error} />
      {kpis && <KpiPanel kpis={kpis} />}
      <section className="panel trends" aria-labelledby="trends-title">
        <h2 id="trends-title">Trends</h2>
        <div className="trends__controls">
          <label>
            Split by
            <select value={dimension} onChange={(e) => setDimension(e.target.value as TrendDimension)}>
              {Object.entries(DIMENSION_WORDS).map(([value, words]) => (
                <option key={value} value={value}>
                  {words}
                </option>
              ))}
            </select>
          </label>
          <fieldset className="segmented">
            <legend className="visually-hidden">Count</legend>
            {(["authors", "posts"] as const).map((m) => (
              <label key={m} className={measure === m ? "segmented__on" : undefined}>
                <input
                  type="radio"
                  name="trend-measure"
                  value={m}
                  checked={measure === m}
                  onChange={() => setMeasure(m)}
                />
                {m === "authors" ? "Voices" : "Posts"}
              </label>
            ))}
          </fieldset>
          <label>
            Filter
            <select
              value={filterKind}
              onChange={(e) => setFilterKind(e.target.value as TrendFilterKind | "")}
            >
              <option value="">None</option>
              {Object.entries(FILTER_WORDS).map(([value, words]) => (
                <option key={value} value={value}>
                  {words}
                </option>
              ))}
            </select>
          </label>
          {filterKind === "campaign" ? (
            <label>
              Campaign
              <select value={filterValue} onChange={(e) => setFilterValue(e.target.value)}>
                <option value="">Choose…</option>
                {Object.entries(campaignNames).map(([id, name]) => (
                  <option key={id} value={id}>
                    {name}
                  </option>
                ))}
              </select>
            </label>
          ) : (
            filterKind && (
              <label>
                {FILTER_WORDS[filterKind]}
                <input
                  value={filterValue}
                  onChange={(e) => setFilterValue(e.target.value)}
                  placeholder={
                    filterKind === "language" ? "en" : filterKind === "platform" ? "mastodon" : "billing"
                  }
                />
              </label>
            )
          )}
          <label className="trends__toggle">
            <input type="checkbox" checked={asTable} onChange={(e) => setAsTable(e.target.checked)} />
            Show as a table
          </label>
        </div>
        {report === null && !error && <p className="muted">Loading…</p>}
        {report && report.series.length === 0 && <p className="empty">No posts in this period.</p>}
        {report && report.series.length > 0 && (
          <>
            {asTable ? (
              <TrendTable report={report} measure={measure} labelOf={labelOf} onPick={pick} />
            ) : (
              <>
                <TrendChart report={report} measure={measure} labelOf={labelOf} onPick={pick} />
                <p className="muted">
                  Choose a point to see the posts behind it, or show the figures as a table.
                </p>
              </>
            )}
            {report.more > 0 && <p className="muted">{report.more} smaller lines are left out.</p>}
          </>
        )}
      </section>
      {behind && (
        <PostsBehindList title={behind.title} behind={behind.data} onClose={() => setBehind(null)} />
      )}
    </>
  );
}

import { useEffect, useState } from "react";
import { ApiError, api } from "../api/client.ts";
import { plainErrorMessage } from "../api/errorMessages.ts";
import type { VoicesReport } from "../api/types.ts";
import { useSession } from "../auth/SessionContext.tsx";
import { INTENT_WORDS, topicWords } from "../format/labels.ts";
import { fullTimestamp } from "../format/time.ts";
import { ErrorBanner } from "../shell/ErrorBanner.tsx";
import { TrendsSection } from "./TrendsSection.tsx";
import { type VoicesRow, VoicesTable } from "./VoicesTable.tsx";
import { PERIODS, type Period } from "./voices.ts";

/** Most voices first: that is the order of what matters to the most people. */
const byVoices = (a: VoicesRow, b: VoicesRow) => b.authors - a.authors || b.posts - a.posts;

function intentWords(intent: string): string {
  return intent in INTENT_WORDS ? INTENT_WORDS[intent as keyof typeof INTENT_WORDS] : intent;
}

/** Who is talking, by intent and topic: distinct authors first, because volume is easy to fake. */
export function InsightsPage() {
  const { signOut } = useSession();
  const [days, setDays] = useState<Period>(7);
  const [report, setReport] = useState<VoicesReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [campaignNames, setCampaignNames] = useState<Record<string, string>>({});

  useEffect(() => {
    // Names for campaign lines; a role that cannot list campaigns sees their ids.
    api.campaigns().then(
      (list) => setCampaignNames(Object.fromEntries(list.items.map((c) => [c.id, c.name]))),
      () => setCampaignNames({}),
    );
  }, []);

  useEffect(() => {
    document.title = "Insights · Parley";
    let current = true;
    setError(null);
    api.voices(days).then(
      (loaded) => current && setReport(loaded),
      (failure: unknown) => {
        if (!current) return;
        if (failure instanceof ApiError && failure.code === "unauthenticated") signOut();
        setError(plainErrorMessage(failure));
      },
    );
    return () => {
      current = false;
    };
  }, [days, signOut]);

  const byIntent: VoicesRow[] = (report?.byIntent ?? []).map((row) => ({
    ...row,
    key: row.intent,
    label: intentWords(row.intent),
  }));
  byIntent.sort(byVoices);
  const byTopic: VoicesRow[] = (report?.byTopic ?? []).map((row) => ({
    ...row,
    key: row.topic ?? "",
    label: row.topic === null ? "No topic" : topicWords(row.topic),
  }));
  byTopic.sort(byVoices);

  return (
    <main className="admin-page" aria-labelledby="insights-title">
      <header className="page-header">
        <h1 id="insights-title">Insights</h1>
        <fieldset className="segmented">
          <legend className="visually-hidden">Period</legend>
          {PERIODS.map((period) => (
            <label key={period} className={days === period ? "segmented__on" : undefined}>
              <input
                type="radio"
                name="insights-period"
                value={period}
                checked={days === period}
                onChange={() => setDays(period)}
              />
              {period === 1 ? "1 day" : `${period} days`}
            </label>
          ))}
        </fieldset>
        {report && (
          <span
            className="page-header__meta"
            title={`${fullTimestamp(report.from)} – ${fullTimestamp(report.to)}`}
          >
            {report.total.authors} voices · {report.total.posts} posts
          </span>
        )}
      </header>
      <ErrorBanner error={error} />
      <div className="admin-page__body">
        <p className="insights__why">
          Trends count voices, not volume: one author posting fifty times is one voice, so a topic rises only
          when more people raise it.
        </p>
        <TrendsSection days={days} campaignNames={campaignNames} />
        {report === null && !error && <p className="muted">Loading…</p>}
        {report && report.total.posts === 0 && <p className="empty">No posts in this period.</p>}
        {report && report.total.posts > 0 && (
          <div className="insights__tables">
            <VoicesTable caption="By intent" heading="Intent" rows={byIntent} />
            <VoicesTable caption="By topic" heading="Topic" rows={byTopic} />
          </div>
        )}
      </div>
    </main>
  );
}

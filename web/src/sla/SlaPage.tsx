/** Service levels: policies with their conditions, targets and escalations; calendars; the met % report. */
import { useCallback, useEffect, useState } from "react";
import { api } from "../api/client.ts";
import { plainErrorMessage } from "../api/errorMessages.ts";
import type { CalendarView, PolicyView, QueueView, SlaReport } from "../api/types.ts";
import { conversationHref } from "../router.ts";
import { ErrorBanner } from "../shell/ErrorBanner.tsx";
import { CalendarForm, PolicyForm } from "./SlaForms.tsx";
import { DAY_NAMES, formatDuration } from "./slaWords.ts";

const WEEK_MS = 7 * 86_400_000;

export function SlaPage() {
  const [policies, setPolicies] = useState<PolicyView[]>([]);
  const [calendars, setCalendars] = useState<CalendarView[]>([]);
  const [queues, setQueues] = useState<QueueView[]>([]);
  const [report, setReport] = useState<SlaReport | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(() => {
    const to = new Date(Date.now() + 60_000).toISOString();
    const from = new Date(Date.now() - WEEK_MS).toISOString();
    Promise.all([api.slaPolicies(), api.slaCalendars(), api.queues(), api.slaReport(from, to)]).then(
      ([p, c, q, r]) => {
        setPolicies(p.items);
        setCalendars(c.items);
        setQueues(q.items);
        setReport(r);
        setError(null);
      },
      (failure: unknown) => setError(plainErrorMessage(failure)),
    );
  }, []);

  useEffect(() => {
    document.title = "SLAs · Parley";
    load();
  }, [load]);

  const queueName = (id: string) => queues.find((q) => q.id === id)?.name ?? "(deleted queue)";
  const calendarName = (id: string | null) =>
    id === null ? "Round the clock" : (calendars.find((c) => c.id === id)?.name ?? "(deleted)");

  async function remove(kind: "policy" | "calendar", id: string) {
    try {
      if (kind === "policy") await api.deleteSlaPolicy(id);
      else await api.deleteSlaCalendar(id);
      load();
    } catch (failure) {
      setError(plainErrorMessage(failure));
    }
  }

  return (
    <main className="admin-page" aria-labelledby="sla-title">
      <header className="page-header">
        <h1 id="sla-title">SLAs</h1>
      </header>
      <ErrorBanner error={error} />
      <div className="admin-page__body">
        <section aria-labelledby="policies-title">
          <h2 id="policies-title" className="section-title">
            Policies
          </h2>
          <p className="field-help">
            The first enabled policy, in order, whose conditions all hold applies to an item.
          </p>
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Order</th>
                <th scope="col">Policy</th>
                <th scope="col">Conditions</th>
                <th scope="col">Targets</th>
                <th scope="col">Counted in</th>
                <th scope="col">Escalations</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {policies.map((p) => (
                <tr key={p.id}>
                  <td className="num">{p.position}</td>
                  <th scope="row">
                    {p.name}
                    {!p.enabled && " (off)"}
                  </th>
                  <td>
                    {p.conditions
                      .map((c) =>
                        c.field === "priority"
                          ? `priority ${c.min}–${c.max}`
                          : `${c.field}: ${(c.field === "queue" ? c.values.map(queueName) : c.values).join(", ")}`,
                      )
                      .join("; ") || "every item"}
                  </td>
                  <td>
                    {[
                      p.firstResponseMs !== null && `first response ${formatDuration(p.firstResponseMs)}`,
                      p.nextResponseMs !== null && `next response ${formatDuration(p.nextResponseMs)}`,
                      p.resolutionMs !== null && `resolution ${formatDuration(p.resolutionMs)}`,
                    ]
                      .filter(Boolean)
                      .join(", ")}
                  </td>
                  <td>{calendarName(p.calendarId)}</td>
                  <td>
                    {p.escalations
                      .map(
                        (e) =>
                          `${e.when === "at_risk" ? "at risk" : "breached"}: ${
                            e.action === "raise_priority"
                              ? `priority +${e.amount}`
                              : e.action === "move_queue"
                                ? `move to ${queueName(e.queueId ?? "")}`
                                : "notify"
                          }`,
                      )
                      .join("; ") || "none"}
                  </td>
                  <td>
                    <button
                      type="button"
                      className="button"
                      onClick={() => remove("policy", p.id)}
                      aria-label={`Delete policy ${p.name}`}
                    >
                      Delete
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {policies.length === 0 && <p className="empty">No SLA policies yet: add one below.</p>}
          <PolicyForm
            calendars={calendars}
            queues={queues}
            nextPosition={(policies.at(-1)?.position ?? 0) + 10}
            onCreated={load}
          />
        </section>

        <section aria-labelledby="calendars-title">
          <h2 id="calendars-title" className="section-title">
            Business-hours calendars
          </h2>
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Calendar</th>
                <th scope="col">Time zone</th>
                <th scope="col">Hours</th>
                <th scope="col">Holidays</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {calendars.map((c) => (
                <tr key={c.id}>
                  <th scope="row">{c.name}</th>
                  <td>{c.timeZone}</td>
                  <td>
                    {DAY_NAMES.map((day, i) => {
                      const stretches = c.hours.filter((h) => h.day === i);
                      return stretches.length
                        ? `${day.slice(0, 3)} ${stretches.map((h) => `${h.start}–${h.end}`).join(", ")}`
                        : null;
                    })
                      .filter(Boolean)
                      .join("; ")}
                  </td>
                  <td>{c.holidays.join(", ") || "none"}</td>
                  <td>
                    <button
                      type="button"
                      className="button"
                      onClick={() => remove("calendar", c.id)}
                      aria-label={`Delete calendar ${c.name}`}
                    >
                      Delete
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {calendars.length === 0 && (
            <p className="empty">No calendars: policies count round the clock until one is added.</p>
          )}
          <CalendarForm onCreated={load} />
        </section>

        <section aria-labelledby="report-title">
          <h2 id="report-title" className="section-title">
            SLA met, last 7 days
          </h2>
          {report && <ReportTables report={report} />}
        </section>
      </div>
    </main>
  );
}

function ReportTables({ report }: { report: SlaReport }) {
  const groups = [
    { title: "Per policy", rows: report.policies },
    { title: "Per queue", rows: report.queues },
    { title: "Per agent", rows: report.agents },
  ];
  return (
    <>
      <p>
        {report.overall.metPct === null
          ? "No item under a policy has an outcome yet."
          : `${report.overall.metPct}% met (${report.overall.met} of ${report.overall.total})`}
      </p>
      {groups.map((g) =>
        g.rows.length === 0 ? null : (
          <table className="data-table" key={g.title}>
            <caption>{g.title}</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Met</th>
                <th scope="col">Items</th>
                <th scope="col">Breached items</th>
              </tr>
            </thead>
            <tbody>
              {g.rows.map((row) => (
                <tr key={row.key}>
                  <th scope="row">{row.name}</th>
                  <td className="num">{row.metPct === null ? "—" : `${row.metPct}%`}</td>
                  <td className="num">{row.total}</td>
                  <td>
                    {row.breached.length === 0
                      ? "none"
                      : row.breached.map((b, i) => (
                          <span key={b.workItemId}>
                            {i > 0 && ", "}
                            <a href={conversationHref(b.conversationId, b.workItemId)}>
                              item {b.workItemId.slice(-6)}
                            </a>
                          </span>
                        ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ),
      )}
    </>
  );
}

import { useEffect, useState } from "react";
import { api } from "../api/client.ts";
import type { IncidentView } from "../api/types.ts";
import { fullTimestamp } from "../format/time.ts";
import { incidentHref } from "../router.ts";
import { ErrorBanner } from "../shell/ErrorBanner.tsx";
import { usePageError } from "../shell/usePageError.ts";
import { countsLine, stateWords } from "./incidentWords.ts";

/** The incidents spikes opened, newest first, each with its state and counts. */
export function IncidentsPage() {
  const [incidents, setIncidents] = useState<IncidentView[] | null>(null);
  const { error, fail } = usePageError();

  useEffect(() => {
    document.title = "Incidents · Parley";
    api.incidents().then((page) => setIncidents(page.items), fail);
  }, [fail]);

  return (
    <main className="admin-page" aria-labelledby="incidents-title">
      <header className="page-header">
        <h1 id="incidents-title">Incidents</h1>
        <span className="page-header__meta">
          {incidents
            ? `${incidents.length} ${incidents.length === 1 ? "incident" : "incidents"}`
            : "Loading…"}
        </span>
      </header>
      <ErrorBanner error={error} />
      <div className="admin-page__body">
        <p className="muted">
          A spike alert on a topic, an intent or a sentiment groups the open work items of that hour into an
          incident, answered once for all of them.
        </p>
        {incidents && incidents.length === 0 && <p className="empty">No incidents yet.</p>}
        {incidents && incidents.length > 0 && (
          <table className="data-table incidents">
            <caption className="visually-hidden">Incidents, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Incident</th>
                <th scope="col">State</th>
                <th scope="col">Items</th>
                <th scope="col">Opened</th>
              </tr>
            </thead>
            <tbody>
              {incidents.map((incident) => (
                <tr key={incident.id}>
                  <th scope="row">
                    <a href={incidentHref(incident.id)}>{incident.title}</a>
                    <p className="muted">{incident.summary}</p>
                  </th>
                  <td>{stateWords(incident)}</td>
                  <td>{countsLine(incident)}</td>
                  <td className="audit__when">{fullTimestamp(incident.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </main>
  );
}

/** Importing a CRM's CSV export: the file, the column mapping, then the report with its bad rows. */
import { type FormEvent, useId, useState } from "react";
import { plainErrorMessage } from "../api/errorMessages.ts";
import { type CustomerImportReport, customerApi } from "./customerApi.ts";

export function CustomerImport({ onImported }: { onImported(): void }) {
  const [file, setFile] = useState<File | null>(null);
  const [map, setMap] = useState("externalId=Id,name=Name,emails=Email,phones=Phone");
  const [report, setReport] = useState<CustomerImportReport | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const fileId = useId();
  const mapId = useId();

  async function run(event: FormEvent) {
    event.preventDefault();
    if (!file) return;
    setBusy(true);
    setError(null);
    setReport(null);
    try {
      setReport(await customerApi.importCsv(file, map));
      onImported();
    } catch (failure) {
      setError(plainErrorMessage(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="panel customer-import" onSubmit={run} aria-label="Import customers">
      <h2 className="panel__title">Import from a CRM (CSV)</h2>
      <label className="field" htmlFor={fileId}>
        <span>File</span>
        <input
          id={fileId}
          type="file"
          accept=".csv,text/csv"
          onChange={(e) => setFile(e.target.files?.[0] ?? null)}
        />
      </label>
      <label className="field" htmlFor={mapId}>
        <span>Column mapping</span>
        <input id={mapId} value={map} onChange={(e) => setMap(e.target.value)} />
        <span className="field-help">
          field=Column pairs: externalId (required), name, emails, phones, orders, location, tier, language,
          handle:x, consent:publicReply, consent:privateContact, consent:survey, custom:plan
        </span>
      </label>
      <div className="row-actions">
        <button type="submit" className="button button--primary" disabled={busy || !file}>
          {busy ? "Importing…" : "Import"}
        </button>
      </div>
      {busy && <progress className="customer-import__progress" aria-label="Importing" />}
      {report && (
        <div role="status">
          <p>
            {report.rows} rows: {report.created} created, {report.updated} updated, {report.rejected}{" "}
            rejected.
          </p>
          {report.errors.length > 0 && (
            <ul className="customer-import__errors" aria-label="Rejected rows">
              {report.errors.slice(0, 50).map((e) => (
                <li key={e.line}>
                  Line {e.line}: {e.message} <span className="muted">({e.code})</span>
                </li>
              ))}
              {report.rejected > 50 && <li className="muted">… and {report.rejected - 50} more</li>}
            </ul>
          )}
        </div>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

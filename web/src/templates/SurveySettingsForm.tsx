/** Whether resolved items' customers are invited to rate the help, when, and how often at most. */
import { type FormEvent, useEffect, useState } from "react";
import { api } from "../api/client.ts";
import { plainErrorMessage } from "../api/errorMessages.ts";

export function SurveySettingsForm() {
  const [enabled, setEnabled] = useState(true);
  const [delayMinutes, setDelayMinutes] = useState("5");
  const [cooldownDays, setCooldownDays] = useState("30");
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api.surveySettings().then(
      (s) => {
        setEnabled(s.enabled);
        setDelayMinutes(String(Math.round(s.delayMs / 60_000)));
        setCooldownDays(String(s.cooldownDays));
      },
      (failure: unknown) => setError(plainErrorMessage(failure)),
    );
  }, []);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setStatus(null);
    setError(null);
    const delay = Number(delayMinutes);
    const days = Number(cooldownDays);
    if (!Number.isInteger(delay) || delay < 0 || !Number.isInteger(days) || days < 0) {
      setError("Use whole numbers of minutes and days");
      return;
    }
    try {
      await api.saveSurveySettings({ enabled, delayMs: delay * 60_000, cooldownDays: days });
      setStatus("Saved");
    } catch (failure) {
      setError(plainErrorMessage(failure));
    }
  }

  return (
    <section aria-labelledby="survey-title">
      <h2 id="survey-title" className="section-title">
        Satisfaction surveys
      </h2>
      <form className="stack-form" onSubmit={submit} aria-label="Survey settings">
        <label className="check">
          <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} /> Invite
          the customer to rate the help (1 to 5) after their item is resolved
        </label>
        <label className="field field--inline">
          <span>Minutes after the resolve</span>
          <input inputMode="numeric" value={delayMinutes} onChange={(e) => setDelayMinutes(e.target.value)} />
        </label>
        <label className="field field--inline">
          <span>Days before asking the same person again</span>
          <input inputMode="numeric" value={cooldownDays} onChange={(e) => setCooldownDays(e.target.value)} />
        </label>
        <div className="stack-form__actions">
          <button type="submit" className="button button--primary">
            Save survey settings
          </button>
          <span role="status">{status}</span>
        </div>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
      </form>
    </section>
  );
}

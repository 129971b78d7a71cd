import { type FormEvent, useEffect, useId, useRef, useState } from "react";
import { ApiError, api } from "../api/client.ts";
import { plainErrorMessage } from "../api/errorMessages.ts";
import type { Session } from "../api/types.ts";
import { parseLanguages } from "../campaigns/listInput.ts";
import { HandlesEditor } from "../settings/HandlesEditor.tsx";
import { type HandleRow, handleEntries, splitNames } from "../settings/handleRows.ts";
import { browserTimeZone, timeZones } from "../settings/timeZones.ts";

/**
 * First run: no workspace exists yet. Whoever has the setup code from the server's log names
 * the brand and its accounts and becomes its first admin.
 */
export function SetupPage({
  onDone,
  onAlreadySetUp,
}: {
  onDone(session: Session): void;
  onAlreadySetUp(): void;
}) {
  const [code, setCode] = useState(
    () => new URLSearchParams(location.hash.split("?")[1] ?? "").get("code") ?? "",
  );
  const [name, setName] = useState("");
  const [names, setNames] = useState("");
  const [handles, setHandles] = useState<HandleRow[]>([{ platform: "", handle: "" }]);
  const [languages, setLanguages] = useState("");
  const [timeZone, setTimeZone] = useState(browserTimeZone);
  const [email, setEmail] = useState("");
  const [adminName, setAdminName] = useState("");
  const [password, setPassword] = useState("");
  const [problems, setProblems] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const codeField = useRef<HTMLInputElement>(null);
  const ids = useId();
  useEffect(() => {
    document.title = "Set up Parley";
    codeField.current?.focus();
  }, []);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const parsed = parseLanguages(languages);
    const entries = handleEntries(handles);
    const local: string[] = [];
    if (parsed.invalid.length > 0)
      local.push(`Languages are two-letter codes such as "en"; not ${parsed.invalid.join(", ")}.`);
    if (entries.length === 0) local.push("Give at least one of the brand's accounts.");
    if (local.length > 0) {
      setProblems(local);
      return;
    }
    setBusy(true);
    setProblems([]);
    try {
      const session = await api.completeSetup({
        code: code.trim(),
        workspace: {
          name: name.trim(),
          handles: entries,
          names: splitNames(names).length > 0 ? splitNames(names) : [name.trim()],
          languages: parsed.languages,
          timeZone: timeZone.trim(),
        },
        admin: { email: email.trim(), name: adminName.trim(), password },
      });
      onDone(session);
    } catch (failure) {
      if (failure instanceof ApiError && failure.code === "setup_done") {
        onAlreadySetUp();
        return;
      }
      const details = failure instanceof ApiError && Array.isArray(failure.details) ? failure.details : [];
      const messages = (details as { message?: unknown }[])
        .map((d) => (typeof d.message === "string" ? d.message : ""))
        .filter(Boolean);
      setProblems(messages.length > 0 ? messages : [plainErrorMessage(failure)]);
      setBusy(false);
    }
  }

  return (
    <main className="sign-in">
      <form className="sign-in__card setup" onSubmit={submit} aria-labelledby={`${ids}-title`}>
        <div className="brand-mark" aria-hidden="true">
          P
        </div>
        <h1 id={`${ids}-title`}>Set up Parley for your brand</h1>
        <p className="muted">
          No workspace exists yet. The setup code is in the server's log, printed when it started; it works
          once.
        </p>
        <div className="field">
          <label htmlFor={`${ids}-code`}>Setup code</label>
          <input
            id={`${ids}-code`}
            ref={codeField}
            required
            autoComplete="one-time-code"
            spellCheck={false}
            placeholder="XXXX-XXXX-XXXX"
            value={code}
            onChange={(e) => setCode(e.target.value)}
          />
        </div>
        <h2 className="setup__section">Brand</h2>
        <div className="field">
          <label htmlFor={`${ids}-name`}>Brand name</label>
          <input
            id={`${ids}-name`}
            required
            maxLength={100}
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${ids}-names`}>Other names and aliases</label>
          <input
            id={`${ids}-names`}
            placeholder="Acme, Acme Rail"
            value={names}
            onChange={(e) => setNames(e.target.value)}
          />
        </div>
        <HandlesEditor idPrefix={ids} rows={handles} onChange={setHandles} />
        <div className="settings__row settings__row--two">
          <div className="field">
            <label htmlFor={`${ids}-languages`}>Languages</label>
            <input
              id={`${ids}-languages`}
              placeholder="any"
              value={languages}
              onChange={(e) => setLanguages(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor={`${ids}-zone`}>Time zone</label>
            <input
              id={`${ids}-zone`}
              list={`${ids}-zones`}
              required
              value={timeZone}
              onChange={(e) => setTimeZone(e.target.value)}
            />
            <datalist id={`${ids}-zones`}>
              {timeZones().map((zone) => (
                <option key={zone} value={zone} />
              ))}
            </datalist>
          </div>
        </div>
        <h2 className="setup__section">First admin</h2>
        <div className="field">
          <label htmlFor={`${ids}-admin-name`}>Your name</label>
          <input
            id={`${ids}-admin-name`}
            required
            autoComplete="name"
            value={adminName}
            onChange={(e) => setAdminName(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${ids}-email`}>Email</label>
          <input
            id={`${ids}-email`}
            type="email"
            required
            autoComplete="username"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${ids}-password`}>Password</label>
          <input
            id={`${ids}-password`}
            type="password"
            required
            minLength={8}
            autoComplete="new-password"
            aria-describedby={`${ids}-password-help`}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
          <span id={`${ids}-password-help`} className="field-help">
            8 characters or more, and not a common password.
          </span>
        </div>
        {problems.length > 0 && (
          <div className="form-error" role="alert">
            {problems.map((p) => (
              <p key={p}>{p}</p>
            ))}
          </div>
        )}
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? "Setting up…" : "Set up and sign in"}
        </button>
      </form>
    </main>
  );
}

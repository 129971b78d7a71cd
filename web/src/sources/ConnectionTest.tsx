import { useEffect, useState } from "react";
import type { ConnectionCheckView } from "../api/types.ts";

/**
 * The "Test connection" button of a source form and what the test found. `run` asks the server
 * with the form as it stands; a change to the form (`version`) clears an earlier answer.
 */
export function ConnectionTest(props: { run: () => Promise<ConnectionCheckView>; version: unknown }) {
  const { run, version } = props;
  const [check, setCheck] = useState<ConnectionCheckView | null>(null);
  const [checking, setChecking] = useState(false);
  const [checkError, setCheckError] = useState<string | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the answer is about the form as it was tested.
  useEffect(() => {
    setCheck(null);
    setCheckError(null);
  }, [version]);
  const test = () => {
    setChecking(true);
    setCheck(null);
    setCheckError(null);
    run()
      .then(setCheck, (err: Error) => setCheckError(err.message))
      .finally(() => setChecking(false));
  };
  return (
    <>
      <div className="campaign-form__buttons">
        <button type="button" className="button button--quiet" onClick={test} disabled={checking}>
          {checking ? "Testing…" : "Test connection"}
        </button>
      </div>
      <div aria-live="polite">
        {checkError && <p className="field-help connection-check connection-check--bad">{checkError}</p>}
        {check && (
          <ul className={`connection-check ${check.ok ? "connection-check--ok" : "connection-check--bad"}`}>
            {check.found.map((line) => (
              <li key={`f-${line}`}>{line}</li>
            ))}
            {check.problems.map((line) => (
              <li key={`p-${line}`} className="connection-check__problem">
                {line}
              </li>
            ))}
          </ul>
        )}
      </div>
    </>
  );
}

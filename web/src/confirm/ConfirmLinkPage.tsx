import { type FormEvent, useEffect, useState } from "react";
import { ApiError, request } from "../api/client.ts";
import { plainErrorMessage } from "../api/errorMessages.ts";
import { platformName } from "../format/labels.ts";

interface Ask {
  platform: string;
  handle: string;
  brand: string;
  expiresAt: string;
}

/** What a token's page says when it cannot be used, by the server's stable code. */
const REFUSALS: Record<string, { title: string; text: string }> = {
  link_token_used: {
    title: "This link was used already",
    text: "The account was confirmed with it. Each link works once; nothing more is needed.",
  },
  link_token_expired: {
    title: "This link has expired",
    text: "Confirmation links work for 7 days. Ask the brand to send you a new one.",
  },
  link_token_unknown: {
    title: "This link is not known",
    text: "Check that the whole link was opened, as it was sent to you.",
  },
};

type State =
  | { kind: "loading" }
  | { kind: "ask"; ask: Ask }
  | { kind: "done"; ask: Ask }
  | { kind: "refused"; code: string }
  | { kind: "failed"; message: string };

/** The page for a failure: a refusal it explains by its code, or the plain message. */
function refusal(failure: unknown): State {
  if (failure instanceof ApiError && REFUSALS[failure.code]) return { kind: "refused", code: failure.code };
  return { kind: "failed", message: plainErrorMessage(failure) };
}

/** The token in `#/confirm/<token>`: a fragment, so it never reaches a server log. */
export function confirmToken(hash: string): string | null {
  const match = /^#\/confirm\/([A-Za-z0-9_-]+)$/.exec(hash);
  return match?.[1] ?? null;
}

/**
 * The public page a customer reaches from a one-time link in a private message: it names the
 * profile and the brand, nothing else, and a press of Confirm makes the link. No sign-in.
 */
export function ConfirmLinkPage({ token }: { token: string }) {
  const [state, setState] = useState<State>({ kind: "loading" });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    document.title = "Confirm your account";
    request<Ask>("POST", "/api/link-confirmations/lookup", { token }).then(
      (ask) => setState({ kind: "ask", ask }),
      (failure: unknown) => setState(refusal(failure)),
    );
  }, [token]);

  async function confirm(event: FormEvent) {
    event.preventDefault();
    if (state.kind !== "ask" || busy) return;
    setBusy(true);
    setError(null);
    try {
      await request("POST", "/api/link-confirmations/confirm", { token });
      setState({ kind: "done", ask: state.ask });
    } catch (failure) {
      if (failure instanceof ApiError && REFUSALS[failure.code]) setState(refusal(failure));
      else setError(plainErrorMessage(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="sign-in">
      <div className="sign-in__card confirm-link">
        {state.kind === "loading" && <p>Loading…</p>}
        {state.kind === "ask" && (
          <form onSubmit={confirm} aria-labelledby="confirm-title" className="confirm-link__form">
            <h1 id="confirm-title">Confirm your account</h1>
            <p>
              Confirm that <strong>@{state.ask.handle}</strong> on {platformName(state.ask.platform)} is you
              at <strong>{state.ask.brand}</strong>.
            </p>
            <p className="muted">
              If this is not your account, close this page: nothing is linked unless you confirm.
            </p>
            {error && (
              <p className="form-error" role="alert">
                {error}
              </p>
            )}
            <button type="submit" className="button button--primary" disabled={busy}>
              Confirm
            </button>
          </form>
        )}
        {state.kind === "done" && (
          <>
            <h1>Thank you</h1>
            <p role="status">
              @{state.ask.handle} is now linked to your customer record at {state.ask.brand}.
            </p>
          </>
        )}
        {state.kind === "refused" && (
          <>
            <h1>{REFUSALS[state.code]!.title}</h1>
            <p role="status">{REFUSALS[state.code]!.text}</p>
          </>
        )}
        {state.kind === "failed" && (
          <>
            <h1>Something went wrong</h1>
            <p role="alert">{state.message}</p>
          </>
        )}
      </div>
    </main>
  );
}

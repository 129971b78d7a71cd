import { useLiveStatus } from "../live/LiveContext.tsx";

const WORDS = { live: "Live", connecting: "Connecting…", reconnecting: "Reconnecting…" } as const;
const HINTS = {
  live: "Receiving updates as they happen",
  connecting: "Opening the live connection",
  reconnecting: "Live updates dropped; retrying. The list may be out of date until then.",
} as const;

export function ConnectionIndicator() {
  const status = useLiveStatus();
  return (
    <output className={`connection connection--${status}`} title={HINTS[status]} aria-live="polite">
      <span className="connection__dot" aria-hidden="true" />
      {WORDS[status]}
    </output>
  );
}

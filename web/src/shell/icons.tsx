/** Small inline icons: no icon font or emoji, so they render the same on every machine. */

export function LockIcon() {
  return (
    <svg className="icon" viewBox="0 0 16 16" width="12" height="12" aria-hidden="true">
      <path
        d="M4.5 7V5a3.5 3.5 0 0 1 7 0v2h.5a1 1 0 0 1 1 1v6a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1V8a1 1 0 0 1 1-1zm1.5 0h4V5a2 2 0 0 0-4 0z"
        fill="currentColor"
      />
    </svg>
  );
}

export function VerifiedMark() {
  return (
    <svg className="icon icon--verified" viewBox="0 0 16 16" width="12" height="12" role="img">
      <title>Verified account</title>
      <circle cx="8" cy="8" r="7" fill="currentColor" />
      <path d="m4.8 8.2 2.1 2.1 4.3-4.5" fill="none" stroke="#fff" strokeWidth="1.8" />
    </svg>
  );
}

/** A page's error, announced to screen readers; nothing when there is none. */
export function ErrorBanner({ error }: { error: string | null | undefined }) {
  if (!error) return null;
  return (
    <p className="banner banner--error" role="alert">
      {error}
    </p>
  );
}

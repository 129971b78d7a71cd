/**
 * A URL fit for an href: only http and https, because post URLs come from the outside world and a
 * `javascript:` or `data:` link would run in the agent's session.
 */
export function safeHttpUrl(raw: string | null): string | null {
  if (!raw) return null;
  try {
    const url = new URL(raw);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}

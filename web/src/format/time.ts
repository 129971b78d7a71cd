/** "now", "4m", "3h", "2d": short enough to scan down a column. */
export function shortAge(iso: string, now: number): string {
  const seconds = Math.max(0, Math.floor((now - Date.parse(iso)) / 1000));
  if (seconds < 45) return "now";
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h`;
  return `${Math.floor(hours / 24)}d`;
}

const fullDate = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short" });

export function fullTimestamp(iso: string): string {
  return fullDate.format(new Date(iso));
}

/** The handle editor's rows and what the API takes: handles on every platform and per platform. */

export interface HandleRow {
  /** "" for every platform. */
  platform: string;
  handle: string;
}

const clean = (handle: string) => handle.trim().replace(/^@/, "");

export function rowsFrom(brandHandles: string[], platformHandles: Record<string, string[]>): HandleRow[] {
  return [
    ...brandHandles.map((handle) => ({ platform: "", handle })),
    ...Object.entries(platformHandles).flatMap(([platform, handles]) =>
      handles.map((handle) => ({ platform, handle })),
    ),
  ];
}

export function handlesFrom(rows: HandleRow[]): {
  brandHandles: string[];
  platformHandles: Record<string, string[]>;
} {
  const brandHandles: string[] = [];
  const platformHandles: Record<string, string[]> = {};
  for (const row of rows) {
    const handle = clean(row.handle);
    if (!handle) continue;
    if (row.platform) platformHandles[row.platform] = [...(platformHandles[row.platform] ?? []), handle];
    else brandHandles.push(handle);
  }
  return { brandHandles, platformHandles };
}

/** The setup form's shape: "x:handle" for one platform, "handle" for every one. */
export function handleEntries(rows: HandleRow[]): string[] {
  return rows
    .map((row) => ({ platform: row.platform, handle: clean(row.handle) }))
    .filter((row) => row.handle)
    .map((row) => (row.platform ? `${row.platform}:${row.handle}` : row.handle));
}

/** "Acme, Acme Rail" → ["Acme", "Acme Rail"]: names may hold spaces, so only commas split. */
export function splitNames(text: string): string[] {
  return [
    ...new Set(
      text
        .split(",")
        .map((n) => n.trim())
        .filter(Boolean),
    ),
  ];
}

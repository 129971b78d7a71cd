const compact = new Intl.NumberFormat("en", { notation: "compact", maximumFractionDigits: 1 });

/** 1234 → "1.2K"; null means the platform did not say. */
export function compactCount(value: number | null): string {
  return value === null ? "–" : compact.format(value);
}

/** A 0..1 confidence as a whole percentage. */
export function percent(value: number): string {
  return `${Math.round(value * 100)}%`;
}

/** A unique key refused the row, on either store (the driver's error may be wrapped). */
export function isUniqueViolation(err: unknown): boolean {
  for (
    let e = err as { code?: string; message?: string; cause?: unknown } | undefined;
    e;
    e = e.cause as typeof e
  ) {
    if (e.code === "23505" || /UNIQUE constraint failed/.test(String(e.message ?? ""))) return true;
  }
  return false;
}

/**
 * Whether a store error was caused by the values written rather than by the store itself: such a
 * batch can be split to find the row at fault, while a lost connection must fail as it is.
 * PostgreSQL (and PGlite) name the class in the SQLSTATE: 22 data exception, 23 integrity
 * constraint, 54 program limit (an index entry too large).
 */
const DATA_CLASSES = ["22", "23", "54"];

export function isDataError(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code) && DATA_CLASSES.includes(code.slice(0, 2))) {
      return true;
    }
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

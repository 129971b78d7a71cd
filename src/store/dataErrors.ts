/**
 * Whether a store error was caused by the values written rather than by the store itself: such a
 * batch can be split to find the row at fault, while a lost connection must fail as it is.
 * PostgreSQL names the class in the SQLSTATE: 22 data exception, 23 integrity constraint, 54
 * program limit (an index entry too large). SQLite gives a primary result code (`errcode`, low
 * byte): 18 SQLITE_TOOBIG, 19 SQLITE_CONSTRAINT, 20 SQLITE_MISMATCH, 25 SQLITE_RANGE.
 */
const DATA_CLASSES = ["22", "23", "54"];
const SQLITE_DATA_CODES = [18, 19, 20, 25];

export function isDataError(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code) && DATA_CLASSES.includes(code.slice(0, 2))) {
      return true;
    }
    const errcode = (e as { errcode?: unknown }).errcode;
    if (
      code === "ERR_SQLITE_ERROR" &&
      typeof errcode === "number" &&
      SQLITE_DATA_CODES.includes(errcode & 0xff)
    ) {
      return true;
    }
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

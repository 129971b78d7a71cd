/**
 * Where to draw the caret under an invalid campaign query. The server reports a character
 * position in the whole query; a query may span lines, so the caret goes under the line that
 * holds the position, at the column within it.
 */
export interface Caret {
  /** The line of the query that holds the problem, tabs shown as spaces so the caret lines up. */
  line: string;
  /** 0-based column of the problem within `line`. */
  column: number;
  /** 1-based, for the words next to the caret. */
  lineNumber: number;
}

export function caretAt(query: string, position: number): Caret {
  const at = Math.max(0, Math.min(query.length, Math.trunc(Number.isFinite(position) ? position : 0)));
  const lineStart = query.lastIndexOf("\n", at - 1) + 1;
  const newline = query.indexOf("\n", at);
  const lineEnd = newline === -1 ? query.length : newline;
  const line = query.slice(lineStart, lineEnd).replaceAll("\t", " ").replace(/\r$/, "");
  const lineNumber = query.slice(0, lineStart).split("\n").length;
  return { line, column: at - lineStart, lineNumber };
}

/** `details.position` from an `invalid_query` error, if the server sent a usable one. */
export function positionFrom(details: unknown): number | null {
  if (typeof details !== "object" || details === null || !("position" in details)) return null;
  const { position } = details;
  return typeof position === "number" && Number.isInteger(position) && position >= 0 ? position : null;
}

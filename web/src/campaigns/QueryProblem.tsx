import { caretAt } from "./queryCaret.ts";

/** The server's reason for rejecting a query, with a caret under the character it points at. */
export function QueryProblem({
  id,
  query,
  position,
  message,
}: {
  id: string;
  query: string;
  position: number | null;
  message: string;
}) {
  const caret = position === null ? null : caretAt(query, position);
  return (
    <div id={id} className="query-problem" role="alert">
      <p className="query-problem__message">{message}</p>
      {caret && position !== null && (
        <>
          {/* Drawn for the eye; the sentence below says the same for a screen reader. */}
          <pre className="query-problem__caret" aria-hidden="true">
            {caret.line}
            {"\n"}
            {" ".repeat(caret.column)}^
          </pre>
          <p className="visually-hidden">
            At character {position}
            {caret.lineNumber > 1 ? `, line ${caret.lineNumber}` : ""}.
          </p>
        </>
      )}
    </div>
  );
}

/**
 * Readable log lines for a terminal: pino writes one JSON object a line; this turns each into
 * `12:04:05.120 INFO  request completed  GET /api/work-items 200 12ms`. Anything not JSON is
 * passed through as it is.
 */
import type { Writable } from "node:stream";

const LEVELS: Record<number, string> = {
  10: "TRACE",
  20: "DEBUG",
  30: "INFO",
  40: "WARN",
  50: "ERROR",
  60: "FATAL",
};
// What every line has, or what the parts before the message already say.
const SHOWN = new Set([
  "level",
  "time",
  "msg",
  "pid",
  "hostname",
  "reqId",
  "req",
  "res",
  "responseTime",
  "err",
]);

function clock(time: unknown): string {
  const date = typeof time === "number" ? new Date(time) : new Date();
  return date.toISOString().slice(11, 23);
}

function short(value: unknown): string {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/** One pino JSON line as one readable line (and an error's stack beneath it). */
export function formatLogLine(line: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line.endsWith("\n") ? line : `${line}\n`;
  }
  if (typeof entry !== "object" || entry === null) return `${line}\n`;
  const level = LEVELS[entry.level as number] ?? String(entry.level ?? "");
  const parts = [clock(entry.time), level.padEnd(5), String(entry.msg ?? "")];
  const context: string[] = [];
  const req = entry.req as { method?: string; url?: string } | undefined;
  if (req?.method) context.push(`${req.method} ${req.url ?? ""}`);
  const res = entry.res as { statusCode?: number } | undefined;
  if (res?.statusCode !== undefined) context.push(String(res.statusCode));
  if (typeof entry.responseTime === "number") context.push(`${Math.round(entry.responseTime)}ms`);
  for (const [key, value] of Object.entries(entry)) {
    if (!SHOWN.has(key) && value !== undefined) context.push(`${key}=${short(value)}`);
  }
  if (typeof entry.reqId === "string") context.push(`(${entry.reqId})`);
  let out = `${parts.join(" ")}${context.length ? `  ${context.join(" ")}` : ""}\n`;
  const err = entry.err as { message?: string; stack?: string } | undefined;
  if (err?.stack) out += `${err.stack.replace(/^/gm, "    ")}\n`;
  else if (err?.message) out += `    ${err.message}\n`;
  return out;
}

/** A stream for pino that writes readable lines to `out`. */
export function readableLogStream(out: Pick<Writable, "write">): { write(chunk: string): void } {
  return {
    write(chunk: string) {
      for (const line of chunk.split("\n")) if (line) out.write(formatLogLine(line));
    },
  };
}

export type LogFormat = "readable" | "json";

/** Readable on a terminal, JSON otherwise; an explicit choice wins. */
export function chooseLogFormat(asked: "auto" | LogFormat, stdoutIsTerminal: boolean): LogFormat {
  if (asked !== "auto") return asked;
  return stdoutIsTerminal ? "readable" : "json";
}

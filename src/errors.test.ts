import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ERRORS, type ErrorCode, isParleyError, ParleyError } from "./errors.ts";
import { toParleyError } from "./server/app.ts";

const codes = Object.keys(ERRORS) as ErrorCode[];
const apiDoc = readFileSync(new URL("../docs/API.md", import.meta.url), "utf8");

describe("the error catalogue", () => {
  it.each(codes)("gives %s an HTTP error status, a message and a stable wire shape", (code) => {
    const { status, message } = ERRORS[code];
    expect(Number.isInteger(status) && status >= 400 && status <= 599).toBe(true);
    expect(message.length).toBeGreaterThan(0);
    const err = new ParleyError(code);
    expect(err.status).toBe(status);
    expect(err.toJSON()).toEqual({ error: { code, message } });
    expect(isParleyError(err, code)).toBe(true);
  });

  it.each(codes)("sends %s over HTTP as itself", (code) => {
    const sent = toParleyError(new ParleyError(code, "why", { field: "x" }));
    expect(sent.toJSON()).toEqual({ error: { code, message: "why", details: { field: "x" } } });
  });

  it.each(codes)("documents %s with its status in docs/API.md", (code) => {
    const row = apiDoc.split("\n").find((line) => line.startsWith("|") && line.includes(`\`${code}\``));
    expect(row, `no row for ${code}`).toBeDefined();
    expect(row).toContain(`| ${ERRORS[code].status} |`);
  });

  it("hides an error outside the catalogue behind internal", () => {
    const sent = toParleyError(new Error('Failed query: insert into "posts" values ($1)'));
    expect(sent.toJSON()).toEqual({ error: { code: "internal", message: ERRORS.internal.message } });
  });
});

import { PassThrough, Readable, Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { isParleyError } from "../errors.ts";
import { runAnalyze } from "./analyze.ts";

async function run(lines: string[]) {
  const out = new PassThrough();
  const chunks: string[] = [];
  out.on("data", (c) => chunks.push(String(c)));
  const result = await runAnalyze(Readable.from([lines.join("\n")]), out, {});
  return {
    result,
    rows: chunks
      .join("")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l)),
  };
}

describe("runAnalyze", () => {
  it("writes one analysis line per post with the documented fields", async () => {
    const { result, rows } = await run([
      JSON.stringify({
        id: "1",
        text: "@acme my order never arrived and nobody answers",
        brand_handles: ["acme"],
      }),
      JSON.stringify({
        id: "2",
        text: "@acme how do I reset my password?",
        brand_handles: ["@Acme"],
        author: { handle: "bo", followers: 10 },
      }),
    ]);
    expect(result).toEqual({ analysed: 2, errors: 0 });
    expect(rows.map((r) => r.id)).toEqual(["1", "2"]);
    expect(rows[0].direction).toBe("to_brand");
    expect(rows[1].intent.label).toBe("question");
    for (const key of [
      "language",
      "intent",
      "sentiment",
      "topic",
      "urgency",
      "pii",
      "priority",
      "explanation",
    ]) {
      expect(rows[0]).toHaveProperty(key);
    }
  });

  it("reports bad lines with their number and keeps analysing the rest", async () => {
    const { result, rows } = await run([
      "{not json",
      JSON.stringify({ id: "a" }),
      JSON.stringify({ id: "b", text: 42 }),
      JSON.stringify({ id: "c", text: "fine", author: { followers: "many" } }),
      JSON.stringify({ id: "d", text: "thanks @acme, great help today", brand_handles: ["acme"] }),
    ]);
    expect(result).toEqual({ analysed: 1, errors: 4 });
    expect(rows.slice(0, 4).map((r) => [r.line, r.error.code])).toEqual([
      [1, "malformed_line"],
      [2, "malformed_line"],
      [3, "malformed_line"],
      [4, "malformed_line"],
    ]);
    expect(rows[4].id).toBe("d");
  });

  it("treats a line without an id as an error line", async () => {
    const { result, rows } = await run([
      JSON.stringify({ text: "@acme where is my parcel?", brand_handles: ["acme"] }),
      JSON.stringify({ id: 7, text: "@acme where is my parcel?", brand_handles: ["acme"] }),
    ]);
    expect(result).toEqual({ analysed: 1, errors: 1 });
    expect(rows[0]).toEqual({ line: 1, error: { code: "malformed_line", message: "id is required" } });
    expect(rows[1].id).toBe(7);
  });

  it("flags a post whose text is empty", async () => {
    const { rows } = await run([
      JSON.stringify({ id: "e", text: "   " }),
      JSON.stringify({ id: "f", text: "hi" }),
    ]);
    expect(rows[0].flags).toEqual(["empty_text"]);
    expect(rows[1].flags).toBeUndefined();
  });

  it("finds the brand by its names when the post has no handle", async () => {
    const line = { id: "n", text: "does anyone know if Lumen Mobile covers roaming in Spain?" };
    const { rows } = await run([
      JSON.stringify({ ...line, brand_handles: ["lumenhelp"], brand_names: ["Lumen Mobile"] }),
      JSON.stringify({ ...line, id: "m", brand_handles: ["lumenhelp"] }),
    ]);
    expect(rows[0].direction).toBe("about_brand");
    expect(rows[1].direction).toBe("unrelated");
  });

  it("rejects brand_names that are not a list of strings", async () => {
    const { rows } = await run([JSON.stringify({ id: "x", text: "hi", brand_names: "Lumen" })]);
    expect(rows[0].error.message).toBe("brand_names must be an array of strings");
  });

  it("names a missing taxonomy file in a validation error", async () => {
    const err = await runAnalyze(Readable.from([]), new PassThrough(), {
      taxonomyFile: "/nonexistent/topics.csv",
    }).catch((e: unknown) => e);
    expect(isParleyError(err) && err.code).toBe("validation_failed");
    expect((err as Error).message).toBe("taxonomy file /nonexistent/topics.csv does not exist");
  });

  it("stops quietly when the reader closes the output", async () => {
    let written = 0;
    const out = new Writable({
      write(_chunk, _enc, cb) {
        written++;
        if (written >= 2) {
          const e = Object.assign(new Error("write EPIPE"), { code: "EPIPE" });
          cb(e);
        } else cb();
      },
    });
    const lines = Array.from({ length: 500 }, (_, i) => JSON.stringify({ id: i, text: `post ${i}` }));
    const result = await runAnalyze(Readable.from([lines.join("\n")]), out, {});
    expect(result.analysed).toBeLessThan(500);
  });
});

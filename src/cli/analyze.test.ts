import { PassThrough, Readable } from "node:stream";
import { describe, expect, it } from "vitest";
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
});

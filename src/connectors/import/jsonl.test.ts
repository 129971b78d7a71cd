import { describe, expect, it } from "vitest";
import { bytesOf, collect } from "../../../test/support/streams.ts";
import { readJsonl } from "./jsonl.ts";

describe("readJsonl", () => {
  it("yields one value per line, skipping blank lines", async () => {
    const items = await collect(readJsonl(bytesOf('{"a":1}\n\n  \n[2]\r\n"x"')));
    expect(items.map((i) => ("value" in i ? [i.line, i.value] : [i.line, i.error.code]))).toEqual([
      [1, { a: 1 }],
      [4, [2]],
      [5, "x"],
    ]);
  });

  it("reports malformed JSON and carries on", async () => {
    const items = await collect(readJsonl(bytesOf('{"a":1}\n{"a":\n{"b":2}\n')));
    expect(items.map((i) => ("value" in i ? i.value : i.error.code))).toEqual([
      { a: 1 },
      "malformed_line",
      { b: 2 },
    ]);
  });

  it("reports broken UTF-8 as an encoding error for that line", async () => {
    const bytes = new Uint8Array([...new TextEncoder().encode('{"t":"'), 0xc3, 0x28, 34, 125, 10, 49]);
    const items = await collect(readJsonl(bytesOf(bytes)));
    expect(items).toEqual([
      { line: 1, end: 11, error: { code: "invalid_encoding", reason: expect.any(String) } },
      { line: 2, end: 12, value: 1 },
    ]);
  });
});

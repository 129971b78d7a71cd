import { describe, expect, it } from "vitest";
import { bytesOf, collect } from "../../../test/support/streams.ts";
import { parseCsvRecord, readCsv } from "./csv.ts";

describe("parseCsvRecord", () => {
  it("splits plain and quoted fields, with escaped quotes and empty fields", () => {
    expect(parseCsvRecord('a,"b,c","say ""hi""",,"",z')).toEqual(["a", "b,c", 'say "hi"', "", "", "z"]);
  });

  it("keeps a stray quote inside an unquoted field as text", () => {
    expect(parseCsvRecord('5" screen,x')).toEqual(['5" screen', "x"]);
  });

  it("reports text after a closing quote", () => {
    expect(parseCsvRecord('"a"b,c')).toMatch(/after a closing quote/);
  });
});

describe("readCsv", () => {
  it("yields records with the line each starts on, across newlines in quotes and CRLF", async () => {
    const input = 'id,text\r\n1,"two\r\nlines"\r\n2,plain\r\n\r\n3,"x"';
    const items = await collect(readCsv(bytesOf(input)));
    expect(items.map((i) => ("record" in i ? [i.line, i.record] : [i.line, i.error]))).toEqual([
      [1, ["id", "text"]],
      [2, ["1", "two\r\nlines"]],
      [4, ["2", "plain"]],
      [6, ["3", "x"]],
    ]);
  });

  it("reports the byte offset just past each record", async () => {
    const items = await collect(readCsv(bytesOf("a\nbb\nccc")));
    expect(items.map((i) => i.end)).toEqual([2, 5, 8]);
  });

  it("keeps multi-byte characters split across chunks intact", async () => {
    const items = await collect(readCsv(bytesOf("é,ü😀\n", 1)));
    expect(items).toEqual([{ line: 1, end: 10, record: ["é", "ü😀"] }]);
  });

  it("strips a byte-order mark", async () => {
    const items = await collect(readCsv(bytesOf("\uFEFFid,text\n")));
    expect(items[0]).toMatchObject({ record: ["id", "text"] });
  });

  it("reports broken UTF-8 for that record only", async () => {
    const bad = new Uint8Array([...new TextEncoder().encode("1,ok\n2,"), 0xff, 0xfe, 10, 51, 44, 111, 107]);
    const items = await collect(readCsv(bytesOf(bad)));
    expect(items).toEqual([
      { line: 1, end: 5, record: ["1", "ok"] },
      { line: 2, end: 10, error: { code: "invalid_encoding", reason: expect.any(String) } },
      { line: 3, end: 14, record: ["3", "ok"] },
    ]);
  });

  it("reports a file that ends inside a quoted field", async () => {
    const items = await collect(readCsv(bytesOf('1,ok\n2,"never closed\nmore')));
    expect(items[1]).toMatchObject({ line: 2, error: { code: "malformed_line" } });
  });

  it("drops an over-long record and resumes at the next line break", async () => {
    const input = `1,ok\n2,"${"x".repeat(50)}\n3,ok\n4,ok\n`;
    const items = await collect(readCsv(bytesOf(input, 4), { maxRecordBytes: 20 }));
    expect(items[0]).toMatchObject({ record: ["1", "ok"] });
    expect(items[1]).toMatchObject({
      line: 2,
      error: { code: "malformed_line", reason: expect.stringMatching(/longer/) },
    });
    expect(items.at(-1)).toMatchObject({ line: 4, record: ["4", "ok"] });
  });
});

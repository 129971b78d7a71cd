import { describe, expect, it } from "vitest";
import { bytesOf, collect } from "../../../test/support/streams.ts";
import { type CsvItem, parseCsvRecord, readCsv } from "./csv.ts";

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

describe("readCsv on damaged files", () => {
  const summary = (items: Awaited<ReturnType<typeof collect<CsvItem>>>) =>
    items.map((i) => ("record" in i ? [i.line, i.record[0]] : [i.line, i.error.code]));

  it("reports an unterminated quote on its line and keeps the good lines after it", async () => {
    const input = 'id,text\n1,ok\n2,"never closed\n3,fine\n4,fine\n5,fine\n6,fine\n7,fine\n';
    const items = await collect(readCsv(bytesOf(input)));
    expect(summary(items)).toEqual([
      [1, "id"],
      [2, "1"],
      [3, "malformed_line"],
      [4, "3"],
      [5, "4"],
      [6, "5"],
      [7, "6"],
      [8, "7"],
    ]);
    const error = items[2]!;
    expect("error" in error && error.error.reason).toMatch(/line 3 runs to line 9/);
  });

  it("re-reads a stray quote that a later line's quote closes", async () => {
    const input = 'id,text\n1,"broken\n2,"quoted, fine"\n3,ok\n';
    const items = await collect(readCsv(bytesOf(input)));
    expect(summary(items)).toEqual([
      [1, "id"],
      [2, "malformed_line"],
      [3, "2"],
      [4, "3"],
    ]);
  });

  it("re-reads a multi-line record that lacks the header's fields", async () => {
    const input = 'id,text\n1,a "b\n2,c "d"\n3,ok\n';
    const plausible = (r: string[]) => r.length === 2;
    const items = await collect(readCsv(bytesOf(input), { plausible }));
    expect(summary(items)).toEqual([
      [1, "id"],
      [2, "malformed_line"],
      [3, "2"],
      [4, "3"],
    ]);
  });

  it("keeps a quoted field that really spans lines", async () => {
    const items = await collect(
      readCsv(bytesOf('id,text\n1,"two\nlines"\n2,ok\n'), { plausible: () => true }),
    );
    expect(items.map((i) => ("record" in i ? i.record : i.error.code))).toEqual([
      ["id", "text"],
      ["1", "two\nlines"],
      ["2", "ok"],
    ]);
  });

  it("ends a line at a bare CR, so two lines are never merged", async () => {
    const items = await collect(readCsv(bytesOf("id,text\r1,a\r2,b\r\n3,c\n")));
    expect(summary(items)).toEqual([
      [1, "id"],
      [2, "1"],
      [3, "2"],
      [4, "3"],
    ]);
  });

  it("counts a CRLF inside a quoted field as one line", async () => {
    const items = await collect(readCsv(bytesOf('1,"a\r\nb"\r\n2,c\r\n'), { plausible: () => true }));
    expect(items.map((i) => i.line)).toEqual([1, 3]);
  });

  it("names the line range an over-long record covered", async () => {
    const input = `1,ok\n2,"${"x\n".repeat(30)}`;
    const items = await collect(readCsv(bytesOf(input, 4), { maxRecordBytes: 20 }));
    const error = items[1]!;
    expect("error" in error && error.error.reason).toMatch(/^Lines 2 to \d+ are longer/);
  });
});

import { describe, expect, it } from "vitest";
import { csvCell, csvLine, exportLine } from "./exportFormat.ts";

describe("export format", () => {
  it("makes cells a spreadsheet would run as formulas inert", () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(csvCell("+1 555")).toBe("'+1 555");
    expect(csvCell("-2+3")).toBe("'-2+3");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("\tcmd")).toBe("'\tcmd");
    expect(csvCell("\rcmd")).toBe('"\'\rcmd"');
    expect(csvCell("fine text")).toBe("fine text");
  });

  it("quotes commas, quotes and line breaks, and leaves numbers alone", () => {
    expect(csvLine(["a,b", 'say "hi"', "two\nlines", -3, null, true])).toBe(
      '"a,b","say ""hi""","two\nlines",-3,,true\r\n',
    );
  });

  it("writes JSON lines with the values untouched", () => {
    expect(exportLine("jsonl", ["text", "n"], ["=1+1", 2])).toBe('{"text":"=1+1","n":2}\n');
  });
});

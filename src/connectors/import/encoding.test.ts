import { describe, expect, it } from "vitest";
import { bytesOf, collect } from "../../../test/support/streams.ts";
import { toUtf8 } from "./encoding.ts";
import { importRecords } from "./importRecords.ts";

const utf8 = async (source: AsyncIterable<Uint8Array>) =>
  Buffer.concat(await collect(source)).toString("utf8");

function utf16(text: string, bigEndian: boolean): Uint8Array {
  const bytes = Buffer.from(`\uFEFF${text}`, "utf16le");
  if (bigEndian) bytes.swap16();
  return bytes;
}

describe("toUtf8", () => {
  it.each([false, true])(
    "reads UTF-16 with a byte-order mark (big-endian: %s), in odd-sized chunks",
    async (be) => {
      const text = "id,text\n1,Grüße 😀 from Zürich\n";
      expect(await utf8(toUtf8(bytesOf(utf16(text, be), 3)))).toBe(text);
    },
  );

  it("passes UTF-8 through untouched, broken bytes included", async () => {
    const bytes = Uint8Array.of(0x61, 0xff, 0x62);
    expect(Buffer.concat(await collect(toUtf8(bytesOf(bytes, 1))))).toEqual(Buffer.from(bytes));
  });

  it("reads Windows-1252 when told to", async () => {
    const bytes = Uint8Array.of(0x63, 0x61, 0x66, 0xe9, 0x20, 0x80);
    expect(await utf8(toUtf8(bytesOf(bytes, 2), "windows-1252"))).toBe("café €");
  });

  it("marks an unpaired surrogate so that its line is reported", async () => {
    const bytes = Buffer.concat([
      Buffer.from("\uFEFFa", "utf16le"),
      Uint8Array.of(0x00, 0xd8),
      Buffer.from("b", "utf16le"),
    ]);
    const out = Buffer.concat(await collect(toUtf8(bytesOf(bytes, 2))));
    expect([...out]).toEqual([0x61, 0xff, 0x62]);
  });
});

describe("importRecords with other encodings", () => {
  it("imports a UTF-16 CSV with a byte-order mark, reporting a bad line by its number", async () => {
    const text = "id,text\n1,première ligne\n2,bad \u0000 byte\n3,troisième\n";
    const items = await collect(importRecords(bytesOf(utf16(text, false), 5)));
    expect(items.map((i) => ("post" in i ? [i.line, i.post.text] : [i.line, i.error.code]))).toEqual([
      [2, "première ligne"],
      [3, "invalid_encoding"],
      [4, "troisième"],
    ]);
  });
});

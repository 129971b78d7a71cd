import { describe, expect, it } from "vitest";
import {
  emptyCursor,
  entryKey,
  MAX_REMEMBERED_KEYS,
  readCursor,
  SeenEntries,
  writeCursor,
} from "./cursor.ts";

const URL_A = "https://blog.example.com/feed";

describe("feed cursor", () => {
  it("round-trips validators, hub and remembered keys", () => {
    const cursor = {
      ...emptyCursor(URL_A),
      etag: '"abc"',
      lastModified: "Mon, 05 Jan 2026 09:00:00 GMT",
      hub: "https://hub.example.com/",
      seen: [entryKey("id", "1")],
    };
    expect(readCursor(writeCursor(cursor), URL_A)).toEqual(cursor);
  });

  it("starts afresh for another URL, another version or a cursor that is not a feed's", () => {
    const cursor = writeCursor({ ...emptyCursor(URL_A), etag: '"abc"', seen: [entryKey("id", "1")] });
    expect(readCursor(cursor, "https://other.example.com/feed")).toEqual(
      emptyCursor("https://other.example.com/feed"),
    );
    expect(readCursor(cursor.replace('"v":1', '"v":2'), URL_A)).toEqual(emptyCursor(URL_A));
    expect(readCursor("not json", URL_A)).toEqual(emptyCursor(URL_A));
    expect(readCursor('{"v":1,"url":"https://blog.example.com/feed","seen":"x"}', URL_A)).toEqual(
      emptyCursor(URL_A),
    );
    expect(readCursor(null, URL_A)).toEqual(emptyCursor(URL_A));
  });

  it("keys differ by kind and value and are 11 characters", () => {
    expect(entryKey("id", "x")).not.toBe(entryKey("link", "x"));
    expect(entryKey("id", "x")).toHaveLength(11);
    expect(entryKey("id", "x")).toBe(entryKey("id", "x"));
  });

  it("forgets the least recently seen keys first, keeping those seen again", () => {
    const seen = new SeenEntries([]);
    const keys = Array.from({ length: MAX_REMEMBERED_KEYS + 10 }, (_, i) => entryKey("id", String(i)));
    seen.touch(keys.slice(0, 20));
    seen.touch(keys.slice(20));
    seen.touch([keys[0]!]); // still in the feed: refreshed
    const list = seen.list();
    expect(list).toHaveLength(MAX_REMEMBERED_KEYS);
    expect(list).toContain(keys[0]);
    expect(list).not.toContain(keys[1]);
    expect(list.at(-1)).toBe(keys[0]);
  });
});

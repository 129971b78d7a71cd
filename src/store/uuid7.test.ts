import { describe, expect, it } from "vitest";
import { uuid7 } from "./uuid7.ts";

describe("uuid7", () => {
  it("makes version 7, RFC 9562 variant UUIDs carrying the time", () => {
    const at = Date.UTC(2026, 11, 1, 12, 0, 0, 123);
    const id = uuid7(at);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(Number.parseInt(id.replaceAll("-", "").slice(0, 12), 16)).toBe(at);
  });

  it("sorts in the order ids were made, within one millisecond too", () => {
    const at = Date.now();
    const ids = Array.from({ length: 5000 }, (_, i) => uuid7(at + Math.floor(i / 1000)));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("keeps increasing when the clock steps back", () => {
    const first = uuid7(Date.now() + 60_000);
    expect(uuid7(Date.now()) > first).toBe(true);
  });
});

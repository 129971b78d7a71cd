import { describe, expect, it } from "vitest";
import { noSecretBox, secretBox } from "./secretBox.ts";

describe("secrets derived from the configured key", () => {
  it("are the same each time, and differ by data, purpose and key", () => {
    const box = secretBox("k".repeat(32));
    const token = box.derive("link confirmation", "id-1");
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(box.derive("link confirmation", "id-1")).toBe(token);
    expect(box.derive("link confirmation", "id-2")).not.toBe(token);
    expect(box.derive("other purpose", "id-1")).not.toBe(token);
    expect(secretBox("j".repeat(32)).derive("link confirmation", "id-1")).not.toBe(token);
  });

  it("are refused without a key, as sealing is", () => {
    expect(() => noSecretBox.derive("link confirmation", "id-1")).toThrow(
      expect.objectContaining({ code: "credentials_key_missing" }),
    );
  });
});

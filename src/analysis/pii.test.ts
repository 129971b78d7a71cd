import { describe, expect, it } from "vitest";
import { findPii, luhnValid, redact } from "./pii.ts";

describe("findPii", () => {
  it("finds e-mails, Luhn-valid cards, phones and order numbers with offsets", () => {
    const text = "card 4111 1111 1111 1111, mail jo@example.com, call +44 20 7946 0958, order #AB12345";
    const kinds = findPii(text).map((f) => [f.kind, text.slice(f.start, f.end)]);
    expect(kinds).toEqual([
      ["card", "4111 1111 1111 1111"],
      ["email", "jo@example.com"],
      ["phone", "+44 20 7946 0958"],
      ["account", "AB12345"],
    ]);
  });

  it("ignores digit runs that fail the Luhn check and plain years", () => {
    expect(findPii("ref 4111 1111 1111 1112 in 2015").filter((f) => f.kind === "card")).toEqual([]);
    expect(luhnValid("4111111111111111")).toBe(true);
    expect(luhnValid("4111111111111112")).toBe(false);
  });

  it("redacts findings with typed placeholders", () => {
    const text = "write to jo@example.com please";
    expect(redact(text, findPii(text))).toBe("write to [email] please");
  });
});

import { describe, expect, it } from "vitest";
import { isCommonPassword } from "./commonPasswords.ts";

describe("isCommonPassword", () => {
  it.each([
    "password",
    "Password123!",
    "p@ssw0rd",
    "password-123",
    "qwertyuiop",
    "12345678",
    "87654321",
    "aaaaaaaaaa",
    "abcdefghij",
    "iloveyou2024",
    "2024Dragon!",
    "monkeymonkey",
    "Welcome1",
    "asdfghjkl",
    "1q1q1q1q1q",
  ])("refuses %s", (password) => {
    expect(isCommonPassword(password)).toBe(true);
  });

  it.each(["correct-horse-battery", "tangerine lighthouse 42", "Vq8#mZ2!rT", "parley-demo"])(
    "accepts %s",
    (password) => {
      expect(isCommonPassword(password)).toBe(false);
    },
  );

  it("refuses a password made of the user's own email or name", () => {
    expect(isCommonPassword("samantha1990", ["samantha", "sam@example.com"])).toBe(true);
    expect(isCommonPassword("correct-horse-battery", ["samantha"])).toBe(false);
  });
});

import { describe, expect, test } from "vitest";
import { caretAt, positionFrom } from "./queryCaret.ts";

describe("caretAt", () => {
  test("points into a one-line query", () => {
    expect(caretAt('a "no signal', 2)).toEqual({ line: 'a "no signal', column: 2, lineNumber: 1 });
  });

  test("points just past the end when the query ends too soon", () => {
    expect(caretAt("a AND", 5)).toEqual({ line: "a AND", column: 5, lineNumber: 1 });
  });

  test("finds the line that holds the position in a multi-line query", () => {
    expect(caretAt("outage OR\n(wifi AND", 19)).toEqual({ line: "(wifi AND", column: 9, lineNumber: 2 });
    expect(caretAt("a\nb\nc", 2)).toEqual({ line: "b", column: 0, lineNumber: 2 });
  });

  test("clamps a position outside the query", () => {
    expect(caretAt("abc", 99).column).toBe(3);
    expect(caretAt("abc", -4).column).toBe(0);
  });

  test("shows tabs as single spaces so the caret stays aligned", () => {
    expect(caretAt("a\tAND", 2).line).toBe("a AND");
  });
});

describe("positionFrom", () => {
  test("reads a whole, non-negative position", () => {
    expect(positionFrom({ position: 4 })).toBe(4);
    expect(positionFrom({ position: -1 })).toBeNull();
    expect(positionFrom({ position: "4" })).toBeNull();
    expect(positionFrom(null)).toBeNull();
    expect(positionFrom(undefined)).toBeNull();
  });
});

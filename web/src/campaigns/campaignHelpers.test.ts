import { describe, expect, test } from "vitest";
import { parseHandles, parseLanguages } from "./listInput.ts";
import { MIN_DECISIONS, relevanceSummary } from "./relevance.ts";

describe("relevanceSummary", () => {
  test("says learning until the server reports precision and recall", () => {
    expect(relevanceSummary({ decisions: 0, precision: null, recall: null })).toBe("learning — 0 decisions");
    expect(relevanceSummary({ decisions: 40, precision: 0.5, recall: null })).toBe("learning — 40 decisions");
  });

  test("says learning while there are too few decisions for the figures to mean much", () => {
    expect(relevanceSummary({ decisions: 1, precision: 1, recall: 1 })).toBe("learning — 1 decision");
    expect(relevanceSummary({ decisions: MIN_DECISIONS - 1, precision: 0.9, recall: 0.9 })).toMatch(
      /^learning/,
    );
    expect(relevanceSummary({ decisions: MIN_DECISIONS, precision: 0.9, recall: 0.9 })).toMatch(/^precision/);
  });

  test("gives both measures once there are enough decisions", () => {
    expect(relevanceSummary({ decisions: 42, precision: 0.914, recall: 0.8 })).toBe(
      "precision 91% · recall 80% · 42 decisions",
    );
  });
});

describe("list inputs", () => {
  test("languages are lower-cased, de-duplicated, and bad codes reported", () => {
    expect(parseLanguages(" en, FR de en ")).toEqual({ languages: ["en", "fr", "de"], invalid: [] });
    expect(parseLanguages("en, english")).toEqual({ languages: ["en"], invalid: ["english"] });
    expect(parseLanguages("")).toEqual({ languages: [], invalid: [] });
  });

  test("handles lose a leading @", () => {
    expect(parseHandles("@alice, bob\n@alice")).toEqual(["alice", "bob"]);
    expect(parseHandles("@")).toEqual([]);
  });
});

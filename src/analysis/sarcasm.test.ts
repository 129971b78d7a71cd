import { describe, expect, it } from "vitest";
import { createAnalyzer } from "./analyzer.ts";
import { readSarcasm } from "./sarcasm.ts";

const analyzer = createAnalyzer();
const analyze = (text: string) => analyzer.analyze({ text, brandHandles: ["lumenhelp"] });

describe("sarcasm", () => {
  it("reads praise words about a problem with an eye-roll as a negative complaint", () => {
    const a = analyze("oh wonderful @lumenhelp, my bill doubled again, thanks so much 🙄");
    expect(a.sarcasm?.flag).toBe(true);
    expect(a.sentiment.label).toBe("negative");
    expect(a.intent.label).toBe("complaint");
    expect(a.sentiment.explanation).toContain("sarcasm");
  });

  it("leaves plain praise positive whatever the detector suspects", () => {
    const a = analyze("the lounge staff were marvelous");
    expect(a.sentiment.label).toBe("positive");
  });

  it("turns the reading only beside a marker or praise framing a problem, not on the detector alone", () => {
    expect(readSarcasm("what a lovely morning", 0.9).flip).toBe(false);
    expect(readSarcasm("what a lovely morning, my train is cancelled again", 0.9).flip).toBe(false);
    expect(readSarcasm("my train is cancelled again. lovely", 0.9).flip).toBe(true);
  });

  it("takes an eye-roll as a sign of sarcasm even when the model doubts it", () => {
    const r = readSarcasm("great service as always 🙄", 0.1);
    expect(r.flag).toBe(true);
    expect(r.explanation).toContain("🙄");
  });
});

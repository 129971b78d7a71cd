import { describe, expect, it } from "vitest";
import { INTENTS } from "../domain/analysis.ts";
import { createAnalyzer } from "./analyzer.ts";
import { modelsFrom, shippedModels } from "./models.ts";
import { WorkspaceLearner } from "./workspaceLearner.ts";

const brand = ["acmehelp"];
const analyzer = createAnalyzer({ taxonomy: "retail" });

describe("createAnalyzer", () => {
  it("reads with models passed in instead of the shipped ones", () => {
    const shipped = shippedModels();
    const post = { text: "@AcmeHelp my parcel never arrived, two weeks now", brandHandles: brand };
    const same = createAnalyzer({
      models: modelsFrom("probe", shipped.models, {
        complaint: shipped.complaintThreshold,
        sarcasm: shipped.sarcasmThreshold,
      }),
    });
    expect(same.version).toBe("probe");
    expect(same.analyze(post).intent.scores).toEqual(createAnalyzer().analyze(post).intent.scores);
    // A stricter complaint threshold passed in lowers the complaint score the analyzer reads.
    const strict = createAnalyzer({
      models: modelsFrom("strict", shipped.models, { complaint: 0.95, sarcasm: shipped.sarcasmThreshold }),
    });
    expect(strict.analyze(post).intent.scores.complaint).toBeLessThan(
      createAnalyzer().analyze(post).intent.scores.complaint,
    );
  });
  it("labels an angry post to the brand as an urgent negative complaint that needs the brand", () => {
    const a = analyzer.analyze({
      text: "@AcmeHelp you charged me twice and my order never arrived. Worst service ever",
      brandHandles: brand,
    });
    expect(a.direction.label).toBe("to_brand");
    expect(a.intent.label).toBe("complaint");
    expect(a.sentiment.label).toBe("negative");
    expect(a.sentiment.score).toBeLessThan(0);
    expect(a.urgency.level).toBe("high");
    expect(a.needsBrand).toBe(true);
    expect(a.language).toBe("en");
  });

  it("scores every intent and explains every label", () => {
    const a = analyzer.analyze({ text: "@acmehelp love the new store, thank you!", brandHandles: brand });
    expect(Object.keys(a.intent.scores).sort()).toEqual([...INTENTS].sort());
    expect(a.intent.label).toBe("praise");
    expect(a.sentiment.label).toBe("positive");
    for (const e of [
      a.intent.explanation,
      a.sentiment.explanation,
      a.direction.explanation,
      a.urgency.explanation,
    ]) {
      expect(e.length).toBeGreaterThan(3);
    }
  });

  it("assigns a topic from the workspace taxonomy", () => {
    const a = analyzer.analyze({
      text: "@acmehelp my parcel says delivered but nothing is here",
      brandHandles: brand,
    });
    expect(a.topic.label).toBe("delivery");
  });

  it("does not make the brand's own posts or spam into work items", () => {
    expect(
      analyzer.analyze({ text: "@bob sorry, DM us", brandHandles: brand, author: { handle: "acmehelp" } })
        .needsBrand,
    ).toBe(false);
    expect(
      analyzer.analyze({ text: "@acmehelp free followers click here", brandHandles: brand }).intent.label,
    ).toBe("spam");
  });

  it("reports und for text too short to tell and survives hostile input", () => {
    expect(analyzer.analyze({ text: "ok", brandHandles: brand }).language).toBe("und");
    for (const text of ["", "🙂🙂", "<b>x</b>", "\uD83D", "x".repeat(100_000), "日本語 and English"]) {
      const a = analyzer.analyze({ text, brandHandles: brand });
      expect(a.priority).toBeGreaterThanOrEqual(0);
      expect(a.priority).toBeLessThanOrEqual(100);
    }
  });

  it("learns a workspace correction and keeps it across JSON", () => {
    const learner = new WorkspaceLearner();
    const text = "@acmehelp the blue widget squeaks";
    const before = createAnalyzer({ learner }).analyze({ text, brandHandles: brand });
    for (let i = 0; i < 3; i++) {
      const now = createAnalyzer({ learner }).analyze({ text, brandHandles: brand });
      learner.correct(text, now, { intent: "feedback", sentiment: "negative" });
    }
    const restored = WorkspaceLearner.fromJSON(JSON.parse(JSON.stringify(learner)));
    const after = createAnalyzer({ learner: restored }).analyze({ text, brandHandles: brand });
    expect(before.intent.label).not.toBe("feedback");
    expect(after.intent.label).toBe("feedback");
    expect(after.sentiment.label).toBe("negative");
  });

  it("stops making work items of posts the workspace discards as irrelevant", () => {
    const learner = new WorkspaceLearner();
    const text = "@acmehelp where can I buy acme tickets for the concert?";
    for (let i = 0; i < 3; i++) {
      const now = createAnalyzer({ learner }).analyze({ text, brandHandles: brand });
      learner.correct(text, now, { irrelevant: true });
    }
    expect(createAnalyzer({ learner }).analyze({ text, brandHandles: brand }).needsBrand).toBe(false);
  });

  it("leaves a post that only shares a word with the brand out of the work queue", () => {
    const a = analyzer.analyze({
      text: "the orbit of the probe decayed badly, a total failure of the mission",
      brandHandles: ["orbithelp"],
      brandNames: ["Orbit Telecom"],
    });
    expect(a.direction.label).toBe("unrelated");
    expect(a.needsBrand).toBe(false);
  });

  it("reads suggestions and feature requests as feedback, not complaints", () => {
    for (const text of [
      "Feature request @acmehelp: let us export invoices as a spreadsheet",
      "@acmehelp please add a dark mode, the white screen hurts my eyes at night",
      "@acmehelp suggestion: a button to pause deliveries while we are away",
    ]) {
      const a = analyzer.analyze({ text, brandHandles: brand });
      expect(a.intent.label, text).toBe("feedback");
      expect(a.needsBrand).toBe(true);
    }
  });
});

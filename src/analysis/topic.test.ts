import { describe, expect, it } from "vitest";
import { featurize } from "./features.ts";
import { TopicModel, trainTopicModel } from "./topic.ts";

const examples = [
  { text: "my bill is too high", label: "billing" },
  { text: "charged twice on my invoice", label: "billing" },
  { text: "refund the extra charge", label: "billing" },
  { text: "no signal at home", label: "network" },
  { text: "internet down all day", label: "network" },
  { text: "calls keep dropping", label: "network" },
];

describe("trainTopicModel", () => {
  it("labels new posts with the taxonomy's topics and explains by words", () => {
    const m = trainTopicModel(examples);
    const r = m.classify(featurize("why was I charged twice this month"));
    expect(r.label).toBe("billing");
    expect(r.explanation).toContain("charged");
  });
  it("round-trips through JSON", () => {
    const m = trainTopicModel(examples);
    const back = TopicModel.fromJSON(JSON.parse(JSON.stringify(m)));
    expect(back.classify(featurize("signal is down")).label).toBe(
      m.classify(featurize("signal is down")).label,
    );
  });
  it("refuses a taxonomy with a single label", () => {
    expect(() => trainTopicModel([{ text: "a", label: "x" }])).toThrow();
  });
});

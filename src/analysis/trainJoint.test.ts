import { describe, expect, it } from "vitest";
import type { SparseVector } from "./features.ts";
import { LinearModel } from "./linear.ts";
import { seededRandom } from "./random.ts";
import { blendLinear, trainJoint } from "./trainJoint.ts";
import { trainLinear } from "./trainLinear.ts";

const DIM = 64;
const post = (...buckets: number[]): SparseVector => ({
  idx: Int32Array.from(buckets),
  val: new Float32Array(buckets.length).fill(1 / Math.sqrt(buckets.length)),
});

/**
 * Task "mood": buckets 0–9 are negative words, 10–19 positive ones, 40–49 filler. Task "complaint"
 * sees only four of those words (0 and 1 complain, 10 and 11 do not).
 */
function tasks() {
  const rand = seededRandom(5);
  const pick = (lo: number) => lo + Math.floor(rand() * 10);
  const mood = Array.from({ length: 600 }, (_, i) => {
    const y = i % 2;
    return { x: post(pick(y ? 10 : 0), pick(y ? 10 : 0), pick(40)), y };
  });
  const complaint = Array.from({ length: 40 }, (_, i) => {
    const yes = i % 2 === 0;
    return { x: post(yes ? (i % 4 === 0 ? 0 : 1) : i % 4 === 1 ? 10 : 11, pick(40)), y: yes ? 1 : 0 };
  });
  return { mood, complaint };
}

describe("joint (shared-embedding) training", () => {
  it("lets a task with few examples read words only another task labelled", () => {
    const t = tasks();
    const models = trainJoint(
      {
        mood: { examples: t.mood, classes: ["negative", "positive"], balanced: false },
        complaint: { examples: t.complaint, classes: ["no", "yes"], balanced: false },
      },
      DIM,
      { rank: 4, epochs: 20, learningRate: 0.2 },
    );
    // Bucket 5 and 15 never appear in a complaint example.
    const unseenNegative = models.complaint.probabilities(post(5, 42))[1]!;
    const unseenPositive = models.complaint.probabilities(post(15, 42))[1]!;
    expect(unseenNegative).toBeGreaterThan(0.7);
    expect(unseenPositive).toBeLessThan(0.3);
    // A linear model trained on the complaint rows alone has nothing to go on for those words.
    const alone = trainLinear(t.complaint, ["no", "yes"], DIM, { epochs: 20 });
    expect(
      Math.abs(alone.probabilities(post(5, 42))[1]! - alone.probabilities(post(15, 42))[1]!),
    ).toBeLessThan(0.05);
    // The task it learnt from is learnt too.
    expect(models.mood.probabilities(post(3, 7, 44))[0]!).toBeGreaterThan(0.9);
    expect(models.mood.probabilities(post(13, 17, 44))[1]!).toBeGreaterThan(0.9);
  });

  it("is deterministic for a seed", () => {
    const t = tasks();
    const train = () =>
      trainJoint({ mood: { examples: t.mood, classes: ["n", "p"], balanced: true } }, DIM, {
        rank: 3,
        epochs: 2,
      }).mood.weights;
    expect(train()).toEqual(train());
  });
});

describe("blendLinear", () => {
  it("blends two models' logits, and a share of 0 keeps the first model", () => {
    const a = new LinearModel(
      ["x", "y"],
      4,
      Float32Array.from([1, 0, 0, 2, 0, 0, 0, 0]),
      Float32Array.of(0.5, 0),
    );
    const b = new LinearModel(
      ["x", "y"],
      4,
      Float32Array.from([0, 3, 1, 0, 0, 0, 0, 0]),
      Float32Array.of(0, 1),
    );
    expect(blendLinear(a, b, 0)).toBe(a);
    const x = post(0, 1);
    const m = blendLinear(a, b, 0.25).logits(x);
    const la = a.logits(x);
    const lb = b.logits(x);
    for (let c = 0; c < 2; c++) expect(m[c]).toBeCloseTo(0.75 * la[c]! + 0.25 * lb[c]!, 5);
  });
  it("refuses models of different shapes", () => {
    const a = new LinearModel(["x", "y"], 4);
    expect(() => blendLinear(a, new LinearModel(["x", "z"], 4), 0.5)).toThrow();
    expect(() => blendLinear(a, new LinearModel(["x", "y"], 8), 0.5)).toThrow();
  });
});

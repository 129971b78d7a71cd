/**
 * `node scripts/evalAgainst.ts WEIGHTS_DIR`: the project's brand sets (held-out set, fresh set,
 * brand-post test half) scored by the shipped analyzer and by one built from an earlier release's
 * weight files, side by side, per language too. Report-only like the sets themselves: no error is
 * printed.
 */
import { createAnalyzer } from "../src/analysis/index.ts";
import { halfOf, loadLabelledPosts, scoreLabelledPosts } from "./brandPostSet.ts";
import { modelsIn } from "./data.ts";

const dir = process.argv[2];
if (!dir) throw new Error("usage: node scripts/evalAgainst.ts WEIGHTS_DIR");
const analyzers = { shipped: createAnalyzer(), against: createAnalyzer({ models: modelsIn(dir) }) };
const sets = {
  held_out: loadLabelledPosts("brandPostsHeldOut"),
  fresh: loadLabelledPosts("brandPostsFresh"),
  test_half: loadLabelledPosts().filter((p) => halfOf(p) === "test"),
};
const out: Record<string, Record<string, unknown>> = {};
for (const [name, rows] of Object.entries(sets)) {
  out[name] = {};
  for (const [who, a] of Object.entries(analyzers)) {
    const { analyses, ...figures } = scoreLabelledPosts(rows, a);
    out[name]![`${who} ${a.version}`] = figures;
  }
}
console.log(JSON.stringify(out, null, 1));

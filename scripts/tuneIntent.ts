/**
 * `node scripts/tuneIntent.ts`: chooses INTENT_WEIGHTS (src/analysis/intent.ts) by macro-F1 on the
 * DEV half of the brand-intent set; the test half is never read here. Prints the best few settings;
 * the chosen one is copied into intent.ts by hand.
 */
import { INTENT_WEIGHTS } from "../src/analysis/intent.ts";
import { loadBrandPosts, scoreBrandPosts, splitBrandPosts } from "./brandIntentSet.ts";

const dev = splitBrandPosts(loadBrandPosts()).dev;
const grid = {
  detector: [0.4, 0.5, 0.6, 0.7, 0.8],
  noProblem: [0.4, 0.5, 0.6, 0.7, 0.8, 1],
  problemFloor: [0, 0.3, 0.4, 0.5],
  thanks: [0.6, 0.7, 0.8],
};
const start = { ...INTENT_WEIGHTS };
const tried: { w: typeof INTENT_WEIGHTS; macroF1: number; accuracy: number }[] = [];
for (const detector of grid.detector)
  for (const noProblem of grid.noProblem)
    for (const problemFloor of grid.problemFloor)
      for (const thanks of grid.thanks) {
        Object.assign(INTENT_WEIGHTS, { detector, noProblem, problemFloor, thanks });
        const { macroF1, accuracy } = scoreBrandPosts(dev);
        tried.push({ w: { ...INTENT_WEIGHTS }, macroF1, accuracy });
      }
Object.assign(INTENT_WEIGHTS, start);
tried.sort((a, b) => b.macroF1 - a.macroF1 || b.accuracy - a.accuracy);
for (const t of tried.slice(0, 10)) console.log(t.macroF1, t.accuracy, JSON.stringify(t.w));

/**
 * Precision and recall of link suggestions on a generated CRM and social set with known truth
 * (scripts/linkSet.ts). The weights and threshold in src/domain/linkSuggestions.ts were tuned on
 * the set drawn with TUNE_SEED; the figures recorded are those on the set drawn with EVAL_SEED,
 * which the tuning never saw. Customers are found by the same keys the store indexes.
 *
 * Run alone: node scripts/evalLinks.ts (merges its figures into bench/results/eval.json)
 */
import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { customerKeys } from "../src/domain/customer.ts";
import { extractIdentifiers, lookupKeys, suggestLinks } from "../src/domain/linkSuggestions.ts";
import { generateLinkSet } from "./linkSet.ts";

export const TUNE_SEED = 1;
export const EVAL_SEED = 2;

export function scoreLinks(seed: number) {
  const { customers, profiles } = generateLinkSet(seed);
  const index = new Map<string, string[]>();
  for (const c of customers)
    for (const k of customerKeys(c)) {
      const key = `${k.kind}\u0000${k.value}`;
      index.set(key, [...(index.get(key) ?? []), c.id]);
    }
  const byId = new Map(customers.map((c) => [c.id, c]));
  let suggested = 0;
  let correct = 0;
  let truths = 0;
  let found = 0;
  let reachable = 0;
  for (const p of profiles) {
    if (p.truth) truths += 1;
    const ids = new Set<string>();
    for (const k of lookupKeys(p, extractIdentifiers(p.privateTexts))) {
      const holders = (index.get(`${k.kind}\u0000${k.value}`) ?? []).slice(0, 50);
      if (k.kind !== "name" && p.truth && holders.includes(p.truth)) ids.add("reachable");
      for (const id of holders) ids.add(id);
    }
    if (ids.delete("reachable")) reachable += 1;
    const suggestions = suggestLinks(
      p,
      [...ids].map((id) => byId.get(id)!),
    );
    suggested += suggestions.length;
    const hit = suggestions.some((s) => s.customerId === p.truth);
    if (hit) {
      correct += 1;
      found += 1;
    }
  }
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return {
    seed,
    customers: customers.length,
    profiles: profiles.length,
    profiles_of_customers: truths,
    suggestions: suggested,
    precision: round(suggested ? correct / suggested : 1),
    recall: round(truths ? found / truths : 0),
    /** Customers' profiles with evidence beyond a name and a city (a handle or an identifier that finds them). */
    recall_ceiling_beyond_name_and_city: round(truths ? reachable / truths : 0),
  };
}

export function linkTask() {
  const tuned = scoreLinks(TUNE_SEED);
  const held = scoreLinks(EVAL_SEED);
  return {
    link_precision: held.precision,
    link_recall: held.recall,
    link_suggestions: { evaluated_on: held, tuned_on: tuned },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const figures = linkTask();
  console.log(JSON.stringify(figures, null, 2));
  if (process.argv.includes("--record")) {
    const file = resolve(import.meta.dirname, "../bench/results/eval.json");
    const current = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
    writeFileSync(file, `${JSON.stringify({ ...current, ...figures }, null, 2)}\n`);
  }
}

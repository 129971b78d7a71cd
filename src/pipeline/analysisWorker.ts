/** Runs the analyzer off the main thread: batches in, analyses out, in order. */
import { parentPort } from "node:worker_threads";
import { createAnalyzer } from "../analysis/index.ts";
import type { AnalysisInput } from "../domain/analysis.ts";

const analyzer = createAnalyzer();

parentPort?.on("message", (message: { id: number; inputs: AnalysisInput[] }) => {
  try {
    parentPort?.postMessage({
      id: message.id,
      results: message.inputs.map((input) => analyzer.analyze(input)),
    });
  } catch (err) {
    parentPort?.postMessage({ id: message.id, error: err instanceof Error ? err.message : String(err) });
  }
});

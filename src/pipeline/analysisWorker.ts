/** Runs the analyzer off the main thread: batches in, analyses out, in order. */
import { parentPort } from "node:worker_threads";
import type { AnalysisInput } from "../domain/analysis.ts";
import { type AnalysisProfile, AnalyzerCache } from "./analysisProfile.ts";

const analyzers = new AnalyzerCache();
const REPLY_PART = 200;

interface Request {
  id: number;
  /** Sent the first time a profile key is used; later requests name the key only. */
  profile?: AnalysisProfile;
  key: string;
  inputs: AnalysisInput[];
}

const known = new Map<string, AnalysisProfile>();

parentPort?.on("message", (message: Request) => {
  try {
    if (message.profile) known.set(message.key, message.profile);
    const profile = known.get(message.key);
    if (!profile) throw new Error(`unknown analysis profile ${message.key}`);
    const analyzer = analyzers.get(profile);
    // In parts: the calling thread decodes each part in its own turn of its event loop.
    const { inputs } = message;
    for (let i = 0; i < inputs.length || i === 0; i += REPLY_PART) {
      const results = inputs.slice(i, i + REPLY_PART).map((input) => analyzer.analyze(input));
      parentPort?.postMessage({ id: message.id, results, last: i + REPLY_PART >= inputs.length });
    }
  } catch (err) {
    parentPort?.postMessage({ id: message.id, error: err instanceof Error ? err.message : String(err) });
  }
});

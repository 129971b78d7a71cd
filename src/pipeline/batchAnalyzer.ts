/**
 * Analyses batches of posts. Large batches go to a worker thread, so on a machine with two cores
 * the analysis of one batch overlaps with the storing of the one before; small batches (a live
 * post or two) are analysed inline, where a round trip to the worker would only add latency.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { Analysis, AnalysisInput, Analyzer } from "../domain/analysis.ts";

export interface BatchAnalyzer {
  analyze(inputs: AnalysisInput[]): Promise<Analysis[]>;
  close(): Promise<void>;
}

/** Batches smaller than this are analysed on the calling thread. */
const WORKER_MIN_BATCH = 64;

type Reply = { id: number; results?: Analysis[]; error?: string };

export function createBatchAnalyzer(analyzer: Analyzer, options: { workers?: boolean } = {}): BatchAnalyzer {
  const useWorker = options.workers ?? availableParallelism() > 1;
  let worker: Worker | null = null;
  let nextId = 0;
  const pending = new Map<number, { resolve(r: Analysis[]): void; reject(e: Error): void }>();

  function start(): Worker {
    const w = new Worker(new URL("./analysisWorker.ts", import.meta.url));
    w.on("message", (reply: Reply) => {
      const waiter = pending.get(reply.id);
      pending.delete(reply.id);
      if (reply.error !== undefined) waiter?.reject(new Error(`analysis failed: ${reply.error}`));
      else waiter?.resolve(reply.results ?? []);
    });
    const fail = (err: Error) => {
      for (const waiter of pending.values()) waiter.reject(err);
      pending.clear();
      worker = null;
    };
    w.on("error", fail);
    w.on("exit", (code) => fail(new Error(`the analysis worker stopped (exit code ${code})`)));
    w.unref();
    return w;
  }

  return {
    async analyze(inputs) {
      if (!useWorker || inputs.length < WORKER_MIN_BATCH)
        return inputs.map((input) => analyzer.analyze(input));
      worker ??= start();
      const id = nextId++;
      const w = worker;
      return new Promise<Analysis[]>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        w.postMessage({ id, inputs });
      });
    },
    async close() {
      const w = worker;
      worker = null;
      if (w) {
        w.removeAllListeners("exit");
        await w.terminate();
      }
    },
  };
}

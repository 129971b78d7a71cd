/**
 * Analyses batches of posts with a workspace's analyzer. Large batches go to a worker thread, so on
 * a machine with two cores the analysis of one batch overlaps with the storing of the one before;
 * small batches (a live post or two) are analysed inline, where a round trip would only add latency.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { Analysis, AnalysisInput } from "../domain/analysis.ts";
import { type AnalysisProfile, AnalyzerCache } from "./analysisProfile.ts";

export interface BatchAnalyzer {
  analyze(inputs: AnalysisInput[], profile: AnalysisProfile): Promise<Analysis[]>;
  close(): Promise<void>;
}

/** Batches smaller than this are analysed on the calling thread while no worker runs. */
const WORKER_MIN_BATCH = 64;

/** A batch's analyses come back in parts, the last one marked; an error ends the batch. */
type Reply = { id: number; results?: Analysis[]; last?: boolean; error?: string };

export function createBatchAnalyzer(options: { workers?: boolean } = {}): BatchAnalyzer {
  const useWorker = options.workers ?? availableParallelism() > 1;
  const inline = new AnalyzerCache();
  let worker: Worker | null = null;
  // Profile keys the current worker has been sent.
  let sent = new Set<string>();
  let nextId = 0;
  const pending = new Map<
    number,
    { resolve(r: Analysis[]): void; reject(e: Error): void; results: Analysis[] }
  >();

  function start(): Worker {
    // A small young generation: the analysis makes short-lived garbage only, and with V8's default
    // the worker's heap grew by ~100 MB of it (a 100,000-post import peaked at 757 MB, 658 with this).
    const w = new Worker(new URL("./analysisWorker.ts", import.meta.url), {
      resourceLimits: { maxYoungGenerationSizeMb: 8 },
    });
    sent = new Set();
    w.on("message", (reply: Reply) => {
      const waiter = pending.get(reply.id);
      if (!waiter) return;
      if (reply.error === undefined) {
        for (const r of reply.results ?? []) waiter.results.push(r);
        if (!reply.last) return;
      }
      pending.delete(reply.id);
      if (pending.size === 0) w.unref();
      if (reply.error !== undefined) waiter.reject(new Error(`analysis failed: ${reply.error}`));
      else waiter.resolve(waiter.results);
    });
    const fail = (err: Error) => {
      for (const waiter of pending.values()) waiter.reject(err);
      pending.clear();
      worker = null;
    };
    w.on("error", fail);
    w.on("exit", (code) => fail(new Error(`the analysis worker stopped (exit code ${code})`)));
    // Referenced only while a batch is out: an idle worker must not keep the process alive, and a
    // process awaiting a batch must not exit for want of anything else to wait on.
    w.unref();
    return w;
  }

  return {
    async analyze(inputs, profile) {
      // Once the worker runs (a bulk import), it takes every batch: the calling thread then never
      // loads the models and the language database a second time.
      if (!useWorker || (worker === null && inputs.length < WORKER_MIN_BATCH)) {
        const analyzer = inline.get(profile);
        return inputs.map((input) => analyzer.analyze(input));
      }
      worker ??= start();
      const w = worker;
      const id = nextId++;
      const first = !sent.has(profile.key);
      sent.add(profile.key);
      return new Promise<Analysis[]>((resolve, reject) => {
        pending.set(id, { resolve, reject, results: [] });
        w.ref();
        w.postMessage({ id, key: profile.key, inputs, ...(first ? { profile } : {}) });
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

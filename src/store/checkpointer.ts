/**
 * Copies the embedded store's write-ahead log into its main file on a worker thread. The writing
 * connection has automatic checkpoints off: a checkpoint ends with an fsync, which would hold up
 * the event loop for tens of milliseconds now and then. After each commit the worker is asked for
 * a passive checkpoint (one at a time); it never blocks the writer or the readers.
 */
import { Worker } from "node:worker_threads";

export interface Checkpointer {
  /** A commit added to the log. */
  wrote(): void;
  stop(): Promise<void>;
}

export function startCheckpointer(file: string): Checkpointer {
  const worker = new Worker(new URL("./checkpointWorker.ts", import.meta.url), { workerData: { file } });
  worker.unref();
  let running = false;
  let again = false;
  let stopped = false;
  worker.on("message", () => {
    running = again;
    again = false;
    if (running) worker.postMessage("checkpoint");
  });
  // A failed checkpoint loses nothing (the log keeps the data and the next start checkpoints it).
  worker.on("error", (err: Error) => process.emitWarning(`SQLite checkpoints stopped: ${err.message}`));
  return {
    wrote() {
      if (stopped) return;
      if (running) {
        again = true;
        return;
      }
      running = true;
      worker.postMessage("checkpoint");
    },
    async stop() {
      stopped = true;
      const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
      worker.ref();
      worker.postMessage("stop");
      await exited;
    },
  };
}

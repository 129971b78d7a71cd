/** The checkpoint thread of the embedded store (see checkpointer.ts): its own connection to the file. */
import { DatabaseSync } from "node:sqlite";
import { parentPort, workerData } from "node:worker_threads";

const db = new DatabaseSync((workerData as { file: string }).file, { timeout: 5000 });
db.exec("pragma synchronous = normal");
const checkpoint = db.prepare("pragma wal_checkpoint(passive)");

let open = true;
parentPort!.on("message", (message: string) => {
  if (!open) return;
  if (message === "stop") {
    open = false;
    db.close();
    parentPort!.close();
    return;
  }
  checkpoint.get();
  parentPort!.postMessage("done");
});

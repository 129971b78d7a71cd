/**
 * `node bench/importMemory.ts`: the import readers' memory against the input's size. Generated
 * twcs CSVs of growing size are streamed through format detection, the CSV reader and
 * normalization (no store), and the peak resident memory of each run is printed. Flat figures
 * mean the readers hold one record at a time, whatever the file's size.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { importRecords } from "../src/connectors/import/importRecords.ts";

const HEADER = "tweet_id,author_id,inbound,created_at,text,response_tweet_id,in_response_to_tweet_id\n";

async function* generated(bytes: number): AsyncGenerator<Uint8Array> {
  yield Buffer.from(HEADER);
  let sent = 0;
  let id = 0;
  while (sent < bytes) {
    let chunk = "";
    for (let i = 0; i < 500; i++) {
      id += 1;
      chunk += `${id},${100000 + (id % 5000)},True,Tue Oct 31 22:10:47 +0000 2017,"@lumenhelp my line ${id} has been down since the morning, ""again""",,\n`;
    }
    const buffer = Buffer.from(chunk);
    sent += buffer.length;
    yield buffer;
  }
}

async function measure(megabytes: number): Promise<void> {
  let posts = 0;
  let peak = 0;
  for await (const item of importRecords(generated(megabytes * 1024 * 1024))) {
    if ("post" in item) posts += 1;
    if (posts % 10_000 === 0) peak = Math.max(peak, process.memoryUsage().rss);
  }
  peak = Math.max(peak, process.memoryUsage().rss);
  process.stdout.write(`${JSON.stringify({ megabytes, posts, peak_rss_mb: Math.round(peak / 1048576) })}\n`);
}

const size = Number(process.argv[2]);
if (size > 0) {
  await measure(size);
} else {
  // Each size in a fresh process, so one run's garbage does not count towards the next.
  for (const mb of [10, 100, 400]) {
    const run = spawnSync(process.execPath, [fileURLToPath(import.meta.url), String(mb)], {
      encoding: "utf8",
    });
    process.stdout.write(run.stdout || run.stderr);
  }
}

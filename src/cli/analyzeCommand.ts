import { parseArgs } from "node:util";
import type { Command } from "./command.ts";

export const analyzeCommand: Command = {
  summary: "Analyse posts given as JSON lines on stdin; one JSON line out per post",
  help: `Usage: parley analyze [--taxonomy FILE.csv] < posts.jsonl > labels.jsonl

Reads one JSON object per line: id, text, and optionally platform, author {handle, followers,
verified}, reply_to_handle, brand_handles [..], brand_names [..] (names and aliases people write;
taken from the handles when absent), channel (public|private). Writes one line per post: id,
language, direction, intent {label, confidence, scores}, sentiment {label, score}, sarcasm {flag,
confidence}, topic {label, confidence}, urgency {level}, pii, priority, explanation, and flags
["empty_text"] when there is no text. A line that cannot be read (not JSON, no id, a field of the
wrong type) gets {"line": N, "error": {code, message}} and the rest go on.

  --taxonomy FILE.csv   train the topic model from examples (columns text,label) first`,
  async run(args) {
    const { values } = parseArgs({ args, options: { taxonomy: { type: "string" } } });
    // Loaded on use: the models take a moment, and `parley --help` should not wait for them.
    const { runAnalyze } = await import("./analyze.ts");
    // `parley analyze | head`: the reader leaving is the end of the run, not a crash.
    process.stdout.on("error", (err: NodeJS.ErrnoException) => {
      if (err.code !== "EPIPE") throw err;
    });
    const result = await runAnalyze(process.stdin, process.stdout, { taxonomyFile: values.taxonomy });
    return result.errors > 0 && result.analysed === 0 ? 1 : 0;
  },
};

import { parseArgs } from "node:util";
import type { Command } from "./commands.ts";

export const analyzeCommand: Command = {
  summary: "Analyse posts given as JSON lines on stdin; one JSON line out per post",
  help: `Usage: parley analyze [--taxonomy FILE.csv] < posts.jsonl > labels.jsonl

Reads one JSON object per line: id, text, and optionally platform, author {handle, followers,
verified}, reply_to_handle, brand_handles [..], channel (public|private). Writes one line per post:
id, language, direction, intent {label, confidence, scores}, sentiment {label, score}, topic
{label, confidence}, urgency {level}, pii, priority, explanation. A line that cannot be read
gets {"line": N, "error": {code, message}} and the rest go on.

  --taxonomy FILE.csv   train the topic model from examples (columns text,label) first`,
  async run(args) {
    const { values } = parseArgs({ args, options: { taxonomy: { type: "string" } } });
    // Loaded on use: the models take a moment, and `parley --help` should not wait for them.
    const { runAnalyze } = await import("./analyze.ts");
    const result = await runAnalyze(process.stdin, process.stdout, { taxonomyFile: values.taxonomy });
    return result.errors > 0 && result.analysed === 0 ? 1 : 0;
  },
};

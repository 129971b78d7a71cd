/**
 * `parley analyze [--taxonomy FILE.csv]`: reads posts as JSON lines on stdin, writes one analysis
 * per line on stdout. A bad line yields an error line with its number; the rest are analysed. A
 * reader that goes away (`| head`) ends the run quietly: nobody is left to tell.
 */
import { readFile } from "node:fs/promises";
import { createInterface } from "node:readline";
import { createAnalyzer, parseCsv, type TopicExample } from "../analysis/index.ts";
import type { AnalysisInput } from "../domain/analysis.ts";
import { ParleyError } from "../errors.ts";

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);
const optional = (v: unknown, type: string) => v === undefined || v === null || typeof v === type;
const strip = (h: string) => h.replace(/^@/, "").toLowerCase();

/** Validates one parsed line into analyzer input, or throws malformed_line naming the field. */
export function toAnalysisInput(raw: unknown): { id: unknown; input: AnalysisInput } {
  const bad = (msg: string) => new ParleyError("malformed_line", msg);
  if (!isObject(raw)) throw bad("a line must be a JSON object");
  // Without an id an output line cannot be matched to its post.
  if (raw.id === undefined || raw.id === null || raw.id === "") throw bad("id is required");
  if (typeof raw.id !== "string" && typeof raw.id !== "number") throw bad("id must be a string or a number");
  if (typeof raw.text !== "string") throw bad("text must be a string");
  if (!optional(raw.platform, "string")) throw bad("platform must be a string");
  if (!optional(raw.reply_to_handle, "string")) throw bad("reply_to_handle must be a string");
  if (raw.channel != null && raw.channel !== "public" && raw.channel !== "private") {
    throw bad('channel must be "public" or "private"');
  }
  const brands = raw.brand_handles ?? [];
  if (!Array.isArray(brands) || !brands.every((b) => typeof b === "string")) {
    throw bad("brand_handles must be an array of strings");
  }
  const names = raw.brand_names;
  if (names !== undefined && (!Array.isArray(names) || !names.every((b) => typeof b === "string"))) {
    throw bad("brand_names must be an array of strings");
  }
  const author = raw.author ?? {};
  if (!isObject(author)) throw bad("author must be an object");
  if (
    !optional(author.handle, "string") ||
    !optional(author.followers, "number") ||
    !optional(author.verified, "boolean")
  ) {
    throw bad("author.handle must be a string, author.followers a number, author.verified a boolean");
  }
  return {
    id: raw.id,
    input: {
      text: raw.text,
      platform: typeof raw.platform === "string" ? raw.platform : undefined,
      author: {
        handle: typeof author.handle === "string" ? strip(author.handle) : undefined,
        followers: typeof author.followers === "number" ? author.followers : undefined,
        verified: typeof author.verified === "boolean" ? author.verified : undefined,
      },
      replyToHandle: typeof raw.reply_to_handle === "string" ? strip(raw.reply_to_handle) : undefined,
      brandHandles: (brands as string[]).map(strip),
      // Absent names are taken from the handles' stems by the direction model ("lumenhelp" -> "lumen").
      brandNames: names === undefined ? undefined : (names as string[]).map((n) => n.trim()).filter(Boolean),
      channel: raw.channel === "private" ? "private" : raw.channel === "public" ? "public" : undefined,
    },
  };
}

export async function loadTaxonomy(file: string): Promise<TopicExample[]> {
  let body: string;
  try {
    body = await readFile(file, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "does not exist" : code === "EISDIR" ? "is a folder" : "cannot be read";
    throw new ParleyError("validation_failed", `taxonomy file ${file} ${why}`);
  }
  const rows = parseCsv(body);
  const examples = rows.filter((r) => r.text && r.label).map((r) => ({ text: r.text!, label: r.label! }));
  if (examples.length === 0) throw new ParleyError("validation_failed", `${file} has no text,label rows`);
  return examples;
}

export async function runAnalyze(
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
  options: { taxonomyFile?: string },
): Promise<{ analysed: number; errors: number }> {
  const taxonomy = options.taxonomyFile ? await loadTaxonomy(options.taxonomyFile) : undefined;
  const analyzer = createAnalyzer({ taxonomy });
  let analysed = 0;
  let errors = 0;
  let lineNo = 0;
  let closed = false;
  let failure: Error | undefined;
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  const onError = (err: NodeJS.ErrnoException) => {
    if (err.code !== "EPIPE" && err.code !== "ERR_STREAM_DESTROYED") failure = err;
    closed = true;
    lines.close();
  };
  output.on("error", onError);
  const write = (obj: unknown) => {
    if (closed) return Promise.resolve();
    return output.write(`${JSON.stringify(obj)}\n`)
      ? Promise.resolve()
      : new Promise<void>((resolve) => {
          // A reader that closes while we wait never drains: settle on close too.
          const done = () => {
            output.off("drain", done);
            output.off("close", done);
            resolve();
          };
          output.once("drain", done);
          output.once("close", done);
        });
  };
  for await (const line of lines) {
    if (closed) break;
    lineNo++;
    if (line.trim() === "") continue;
    try {
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        throw new ParleyError("malformed_line", "the line is not valid JSON");
      }
      const { id, input: post } = toAnalysisInput(parsed);
      const a = analyzer.analyze(post);
      await write({
        id,
        // Nothing to read: the labels below are defaults, not findings.
        ...(post.text.trim() === "" ? { flags: ["empty_text"] } : {}),
        language: a.language,
        direction: a.direction.label,
        intent: { label: a.intent.label, confidence: a.intent.confidence, scores: a.intent.scores },
        sentiment: { label: a.sentiment.label, score: a.sentiment.score },
        sarcasm: a.sarcasm ? { flag: a.sarcasm.flag, confidence: a.sarcasm.confidence } : undefined,
        topic: { label: a.topic.label, confidence: a.topic.confidence },
        urgency: { level: a.urgency.level },
        pii: a.pii,
        priority: a.priority,
        needs_brand: a.needsBrand,
        explanation: a.explanation,
      });
      analysed++;
    } catch (err) {
      const e = err instanceof ParleyError ? err : new ParleyError("malformed_line", String(err));
      errors++;
      await write({ line: lineNo, error: { code: e.code, message: e.message } });
    }
  }
  output.off("error", onError);
  if (failure) throw failure;
  return { analysed, errors };
}

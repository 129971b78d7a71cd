/** Reads the labelled public sets from the shared data folder (never copied into the project). */
import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Row } from "../src/analysis/corpus.ts";
import { parseCsv } from "../src/analysis/csv.ts";
import { LinearModel, type LinearModelJson } from "../src/analysis/linear.ts";
import { modelsFrom, type ShippedModels } from "../src/analysis/models.ts";

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

export function dataDir(argv: string[] = process.argv.slice(2)): string {
  const flag = argv.indexOf("--data");
  const dir = flag >= 0 ? argv[flag + 1]! : resolve(REPO_ROOT, "../shared/data");
  if (!existsSync(resolve(dir, "airline-tweets.train.csv"))) {
    throw new Error(`labelled data not found in ${dir} (pass --data DIR)`);
  }
  return dir;
}

export interface DataSets {
  airline: Row[];
  complaints: Row[];
  banking: Row[];
  /** General tweets, 3-class sentiment (SemEval 2013–2016). */
  semeval: Row[];
  /** Tweet sentiment in ar, de, en, es, fr, hi, it, pt (`lang`). */
  multilingual: Row[];
  irony: Row[];
  sarcasm: Row[];
  /** SMS: ham, spam, smishing. */
  sms: Row[];
  /** Assistant requests: 150 intents and `oos`. */
  clinc: Row[];
  crisis: Row[];
}

export function loadDataSets(dir: string): DataSets {
  const read = (name: string) => parseCsv(readFileSync(resolve(dir, name), "utf8"));
  return {
    airline: read("airline-tweets.train.csv"),
    complaints: read("complaints.train.csv"),
    banking: read("banking77.train.csv"),
    semeval: read("semeval-tweet-sentiment.train.csv"),
    multilingual: read("tweet-sentiment-multilingual.train.csv"),
    irony: read("tweeteval-irony.train.csv"),
    sarcasm: read("isarcasmeval.train.csv"),
    sms: read("sms-spam.train.csv"),
    clinc: read("clinc150.train.csv"),
    crisis: read("crisislex-t26.train.csv"),
  };
}

/** The models in a folder of weight files (an earlier release's `src/analysis/weights`), for comparisons. */
export function modelsIn(dir: string): ShippedModels {
  const read = (name: string) =>
    JSON.parse(readFileSync(resolve(dir, `${name}.json`), "utf8")) as {
      version: string;
      threshold?: number;
      model: LinearModelJson;
    };
  const [s, b, c, i, k] = ["sentiment", "sentiment-brand", "complaint", "intent", "sarcasm"].map(read);
  return modelsFrom(
    s!.version,
    {
      sentiment: LinearModel.fromJSON(s!.model),
      sentimentBrand: LinearModel.fromJSON(b!.model),
      complaint: LinearModel.fromJSON(c!.model),
      intent: LinearModel.fromJSON(i!.model),
      sarcasm: LinearModel.fromJSON(k!.model),
    },
    { complaint: c!.threshold ?? 0.5, sarcasm: k!.threshold ?? 0.5 },
  );
}

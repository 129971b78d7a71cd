/** The shipped weights, imported as JSON modules (no file I/O in this package). */

import { ModelBank } from "./bank.ts";
import { LinearModel, type LinearModelJson } from "./linear.ts";
import complaintJson from "./weights/complaint.json" with { type: "json" };
import intentJson from "./weights/intent.json" with { type: "json" };
import sarcasmJson from "./weights/sarcasm.json" with { type: "json" };
import sentimentJson from "./weights/sentiment.json" with { type: "json" };
import sentimentBrandJson from "./weights/sentiment-brand.json" with { type: "json" };

export interface ShippedModels {
  version: string;
  complaintThreshold: number;
  sarcasmThreshold: number;
  models: {
    sentiment: LinearModel;
    sentimentBrand: LinearModel;
    complaint: LinearModel;
    intent: LinearModel;
    sarcasm: LinearModel;
  };
  /** The sentiment, complaint, intent and sarcasm models in one table. */
  bank: ModelBank;
  /** Size of the shipped weights as stored, in bytes of JSON. */
  bytes: number;
}

let cached: ShippedModels | undefined;

/**
 * Models trained in this process (the eval's leave-one-source-out runs) in the shape the analyzer
 * reads; the shipped ones come from `shippedModels()`.
 */
export function modelsFrom(
  version: string,
  models: ShippedModels["models"],
  thresholds: { complaint: number; sarcasm: number },
): ShippedModels {
  return {
    version,
    complaintThreshold: thresholds.complaint,
    sarcasmThreshold: thresholds.sarcasm,
    models,
    bank: new ModelBank(models),
    bytes: 0,
  };
}

/** Decodes the shipped weights once per process; later calls share them. */
export function shippedModels(): ShippedModels {
  if (cached) return cached;
  const bytes = [sentimentJson, sentimentBrandJson, complaintJson, intentJson, sarcasmJson].reduce(
    (n, j) => n + JSON.stringify(j).length,
    0,
  );
  const sentiment = LinearModel.fromJSON(sentimentJson.model as LinearModelJson);
  const complaint = LinearModel.fromJSON(complaintJson.model as LinearModelJson);
  const intent = LinearModel.fromJSON(intentJson.model as LinearModelJson);
  const sarcasm = LinearModel.fromJSON(sarcasmJson.model as LinearModelJson);
  const sentimentBrand = LinearModel.fromJSON(sentimentBrandJson.model as LinearModelJson);
  cached = {
    version: `${sentimentJson.version}`,
    complaintThreshold: complaintJson.threshold,
    sarcasmThreshold: sarcasmJson.threshold,
    models: { sentiment, sentimentBrand, complaint, intent, sarcasm },
    bank: new ModelBank({ sentiment, sentimentBrand, complaint, intent, sarcasm }),
    bytes,
  };
  return cached;
}

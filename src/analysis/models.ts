/** The shipped weights, imported as JSON modules (no file I/O in this package). */

import { LinearModel, type LinearModelJson } from "./linear.ts";
import complaintJson from "./weights/complaint.json" with { type: "json" };
import intentJson from "./weights/intent.json" with { type: "json" };
import sentimentJson from "./weights/sentiment.json" with { type: "json" };

export interface ShippedModels {
  version: string;
  sentiment: LinearModel;
  complaint: LinearModel;
  complaintThreshold: number;
  intent: LinearModel;
  /** Size of the shipped weights as stored, in bytes of JSON. */
  bytes: number;
}

let cached: ShippedModels | undefined;

/** Decodes the shipped weights once per process; later calls share them. */
export function shippedModels(): ShippedModels {
  if (cached) return cached;
  const bytes = [sentimentJson, complaintJson, intentJson].reduce((n, j) => n + JSON.stringify(j).length, 0);
  cached = {
    version: `${sentimentJson.version}`,
    sentiment: LinearModel.fromJSON(sentimentJson.model as LinearModelJson),
    complaint: LinearModel.fromJSON(complaintJson.model as LinearModelJson),
    complaintThreshold: complaintJson.threshold,
    intent: LinearModel.fromJSON(intentJson.model as LinearModelJson),
    bytes,
  };
  return cached;
}

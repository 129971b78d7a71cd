/**
 * What one workspace has taught the analyzer: agents' corrections of intent, sentiment and topic,
 * and discards of irrelevant posts, each kept as an OnlineAdjuster over the shipped models.
 * Serialises to JSON so the store can persist it per workspace.
 */
import { type Analysis, INTENTS, type Intent, SENTIMENTS, type SentimentLabel } from "../domain/analysis.ts";
import { DEFAULT_FEATURES, featurize, type SparseVector } from "./features.ts";
import { OnlineAdjuster, type OnlineAdjusterJson } from "./onlineAdjuster.ts";

export interface Correction {
  intent?: Intent;
  sentiment?: SentimentLabel;
  topic?: string;
  /** The agent discarded the post as irrelevant (true) or accepted it as work (false). */
  irrelevant?: boolean;
}

export interface WorkspaceLearnerJson {
  format: "parley-workspace-learner-1";
  intent: OnlineAdjusterJson;
  sentiment: OnlineAdjusterJson;
  topic: OnlineAdjusterJson;
  relevance: OnlineAdjusterJson;
}

export const RELEVANCE_CLASSES = ["irrelevant", "relevant"];

/** Spreads one label's confidence into a probability vector (Analysis keeps only the winner's). */
function spread(order: readonly string[], label: string | null, confidence: number): number[] {
  const rest = order.length > 1 ? (1 - confidence) / (order.length - 1) : 0;
  return order.map((c) => (c === label ? confidence : rest));
}

export class WorkspaceLearner {
  readonly intent: OnlineAdjuster;
  readonly sentiment: OnlineAdjuster;
  readonly topic: OnlineAdjuster;
  readonly relevance: OnlineAdjuster;

  constructor(parts?: Partial<Record<"intent" | "sentiment" | "topic" | "relevance", OnlineAdjuster>>) {
    this.intent = parts?.intent ?? new OnlineAdjuster([...INTENTS]);
    this.sentiment = parts?.sentiment ?? new OnlineAdjuster([...SENTIMENTS]);
    this.topic = parts?.topic ?? new OnlineAdjuster([]);
    this.relevance = parts?.relevance ?? new OnlineAdjuster(RELEVANCE_CLASSES);
  }

  /** Learns one agent correction of a post the analyzer produced `analysis` for. */
  correct(text: string, analysis: Analysis, correction: Correction): void {
    const x: SparseVector = featurize(text, DEFAULT_FEATURES).vector;
    if (correction.intent && correction.intent !== analysis.intent.label) {
      const probs = INTENTS.map((i) => analysis.intent.scores[i]);
      this.intent.learn(x, INTENTS, probs, correction.intent);
    }
    if (correction.sentiment && correction.sentiment !== analysis.sentiment.label) {
      const probs = spread(SENTIMENTS, analysis.sentiment.label, analysis.sentiment.confidence);
      this.sentiment.learn(x, SENTIMENTS, probs, correction.sentiment);
    }
    if (correction.topic && correction.topic !== analysis.topic.label) {
      const order = this.topic.classes.length ? this.topic.classes : [correction.topic];
      this.topic.learn(
        x,
        [...order],
        spread(order, analysis.topic.label, analysis.topic.confidence),
        correction.topic,
      );
    }
    if (correction.irrelevant !== undefined) {
      const p = analysis.needsBrand ? 0.75 : 0.25;
      this.relevance.learn(
        x,
        RELEVANCE_CLASSES,
        [1 - p, p],
        correction.irrelevant ? "irrelevant" : "relevant",
      );
    }
  }

  get corrections(): number {
    return this.intent.updates + this.sentiment.updates + this.topic.updates + this.relevance.updates;
  }

  toJSON(): WorkspaceLearnerJson {
    return {
      format: "parley-workspace-learner-1",
      intent: this.intent.toJSON(),
      sentiment: this.sentiment.toJSON(),
      topic: this.topic.toJSON(),
      relevance: this.relevance.toJSON(),
    };
  }

  static fromJSON(json: WorkspaceLearnerJson): WorkspaceLearner {
    if (json.format !== "parley-workspace-learner-1") throw new Error("unknown workspace learner format");
    return new WorkspaceLearner({
      intent: OnlineAdjuster.fromJSON(json.intent),
      sentiment: OnlineAdjuster.fromJSON(json.sentiment),
      topic: OnlineAdjuster.fromJSON(json.topic),
      relevance: OnlineAdjuster.fromJSON(json.relevance),
    });
  }
}

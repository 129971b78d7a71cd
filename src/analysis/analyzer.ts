/**
 * The analyzer the pipeline calls for every post: one featurisation and one pass over the shared
 * weight table for all shipped models, then language, direction, intent, sentiment, topic,
 * urgency, influence, PII and priority.
 */
import {
  type Analysis,
  type AnalysisInput,
  type Analyzer,
  INTENTS,
  type Intent,
  SENTIMENTS,
} from "../domain/analysis.ts";
import { ModelBank } from "./bank.ts";
import { detectDirection } from "./direction.ts";
import { explainLabel } from "./explainLabel.ts";
import { featurizeShared } from "./features.ts";
import { measureInfluence, round } from "./influence.ts";
import { logit, primaryIntent, scoreIntents, sigmoid } from "./intent.ts";
import { detectLanguage } from "./language.ts";
import { argmax, softmaxInPlace } from "./linear.ts";
import { shippedModels } from "./models.ts";
import { findPii } from "./pii.ts";
import { computePriority, DEFAULT_PRIORITY, type PriorityWeights } from "./priority.ts";
import { STARTER_TAXONOMIES, type StarterTaxonomy, type TopicExample } from "./taxonomies/index.ts";
import { TopicModel, trainTopicModel } from "./topic.ts";
import { assessUrgency } from "./urgency.ts";
import { RELEVANCE_CLASSES, type WorkspaceLearner } from "./workspaceLearner.ts";

export interface AnalyzerOptions {
  /** A starter taxonomy's name, example posts to train one from, or a trained topic model. */
  taxonomy?: StarterTaxonomy | readonly TopicExample[] | TopicModel;
  /** The workspace's learnt corrections, applied on top of the shipped models. */
  learner?: WorkspaceLearner;
  priority?: PriorityWeights;
}

/** Intents that make a post addressed to or about the brand a work item. */
const ACTIONABLE: ReadonlySet<Intent> = new Set(["complaint", "question", "purchase_intent", "feedback"]);

function resolveTopics(t: AnalyzerOptions["taxonomy"]): TopicModel | undefined {
  if (t === undefined) return undefined;
  if (t instanceof TopicModel) return t;
  return trainTopicModel(typeof t === "string" ? STARTER_TAXONOMIES[t] : t);
}

export function createAnalyzer(options: AnalyzerOptions = {}): Analyzer {
  const models = shippedModels();
  const topics = resolveTopics(options.taxonomy);
  const learner = options.learner;
  const weights = options.priority ?? DEFAULT_PRIORITY;
  const version = `${models.version}${topics ? `+topics${topics.labels.length}` : ""}`;
  const thresholdLogit = logit(models.complaintThreshold);
  // The workspace's topic model joins the shipped ones in one table: one row read per feature.
  const bank = topics ? new ModelBank({ ...models.models, topic: topics.model }) : models.bank;
  const T = topics ? bank.head("topic").offset : 0;
  const topicHead = topics ? bank.weightHead("topic") : undefined;
  const S = bank.head("sentiment").offset;
  const C = bank.head("complaint").offset;
  const I = bank.head("intent").offset;
  const heads = {
    sentiment: bank.weightHead("sentiment"),
    complaint: bank.weightHead("complaint"),
    intent: bank.weightHead("intent"),
  };
  const z = new Float64Array(bank.width);

  function analyze(input: AnalysisInput): Analysis {
    const text = typeof input.text === "string" ? input.text : "";
    const f = featurizeShared(text);
    const language = detectLanguage(text).language;
    const direction = detectDirection(input, text);

    bank.score(f.vector, z);
    const sz = z.subarray(S, S + 3);
    learner?.sentiment.apply(f.vector, SENTIMENTS, sz);
    const sp = softmaxInPlace(sz);
    const si = argmax(sp);
    const sentimentScore = round(sp[2]! - sp[0]!);

    const complaint = sigmoid(z[C + 1]! - z[C]! - thresholdLogit);
    const seed = softmaxInPlace(z.subarray(I, I + INTENTS.length));
    const { scores, cues } = scoreIntents(text, { complaint, positive: sp[2]!, negative: sp[0]!, seed });
    if (learner && learner.intent.updates > 0) {
      const z = Float64Array.from(INTENTS, (i) => logit(scores[i]));
      learner.intent.apply(f.vector, INTENTS, z);
      INTENTS.forEach((i, k) => {
        scores[i] = sigmoid(z[k]!);
      });
    }
    for (const i of INTENTS) scores[i] = round(scores[i]);
    const intent = primaryIntent(scores);
    const intentWhy =
      intent === "complaint"
        ? explainLabel(f, heads.complaint, 1, "complaint")
        : intent === "praise"
          ? explainLabel(f, heads.sentiment, 2, "praise")
          : cues.includes(intent)
            ? `${intent}: cue phrase or question form`
            : explainLabel(f, heads.intent, INTENTS.indexOf(intent), intent);

    const topic = topics
      ? topics.decide(
          z.subarray(T, T + topics.labels.length),
          f,
          topicHead!,
          learner && learner.topic.updates > 0
            ? (z) => learner.topic.apply(f.vector, topics.labels, z)
            : undefined,
        )
      : { label: null, confidence: 0, explanation: "no taxonomy configured" };

    const influence = measureInfluence(input);
    const relevantDirection = direction.label === "to_brand" || direction.label === "about_brand";
    let needsBrand =
      relevantDirection &&
      (ACTIONABLE.has(intent) || (intent === "praise" && direction.label === "to_brand"));
    if (learner && learner.relevance.updates > 0 && direction.label !== "from_brand") {
      const rz = Float64Array.of(needsBrand ? -1.5 : 1.5, needsBrand ? 1.5 : -1.5);
      learner.relevance.apply(f.vector, RELEVANCE_CLASSES, rz);
      needsBrand = rz[1]! > rz[0]!;
    }
    const urgency = assessUrgency(text, {
      negative: sp[0]!,
      influence: influence.score,
      actionable: needsBrand,
    });
    const priority = computePriority(
      {
        intent,
        urgency: urgency.level,
        sentimentScore,
        influence: influence.score,
        virality: influence.virality,
        customerValue: input.customerValue,
        ageMinutes: input.ageMinutes,
        needsBrand,
      },
      weights,
    );
    const sentimentLabel = SENTIMENTS[si]!;
    return {
      language,
      direction,
      intent: { label: intent, confidence: scores[intent], scores, explanation: intentWhy },
      sentiment: {
        label: sentimentLabel,
        score: sentimentScore,
        confidence: round(sp[si]!),
        explanation: explainLabel(f, heads.sentiment, si, sentimentLabel),
      },
      topic: { ...topic, confidence: round(topic.confidence) },
      urgency: {
        level: urgency.level,
        confidence: round(urgency.confidence),
        explanation: urgency.explanation,
      },
      influence: { score: influence.score, explanation: influence.explanation },
      pii: findPii(text.length > 20000 ? text.slice(0, 20000) : text),
      priority,
      needsBrand,
      explanation: `${intent} ${direction.label.replace("_", " ")}, ${sentimentLabel}, urgency ${urgency.level}${needsBrand ? "" : ", no action needed"}`,
      modelVersion: version,
    };
  }

  return { version, analyze };
}

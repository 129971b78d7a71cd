import { INTENTS, SENTIMENTS } from "../../../src/domain/analysis.ts";
import { api } from "../api/client.ts";
import type { CorrectionInput, PostView } from "../api/types.ts";
import { useSession } from "../auth/SessionContext.tsx";
import {
  DIRECTION_WORDS,
  INTENT_WORDS,
  PII_WORDS,
  SENTIMENT_WORDS,
  topicWords,
  URGENCY_WORDS,
} from "../format/labels.ts";
import { percent } from "../format/numbers.ts";
import { PriorityMeter } from "../inbox/AnalysisChips.tsx";
import { CorrectableRow, type LabelOption } from "./CorrectableRow.tsx";
import { IntentScores, LabelRow } from "./LabelRow.tsx";
import { useTopics } from "./useTopics.ts";

const INTENT_OPTIONS: LabelOption[] = INTENTS.map((value) => ({ value, label: INTENT_WORDS[value] }));
const SENTIMENT_OPTIONS: LabelOption[] = SENTIMENTS.map((value) => ({
  value,
  label: SENTIMENT_WORDS[value],
}));

function isIntent(value: string): value is (typeof INTENTS)[number] {
  return (INTENTS as readonly string[]).includes(value);
}

function isSentiment(value: string): value is (typeof SENTIMENTS)[number] {
  return (SENTIMENTS as readonly string[]).includes(value);
}

export function AnalysisPanel({ post, onCorrected }: { post: PostView; onCorrected(post: PostView): void }) {
  const { user } = useSession();
  // Analysts study the labels; the people handling posts are the ones who correct them.
  const canCorrect = user.role !== "analyst";
  const topics = useTopics(canCorrect);
  const { analysis } = post;
  const correction = post.correction ?? null;

  if (!analysis) {
    return (
      <section className="panel" aria-labelledby="analysis-title">
        <h2 id="analysis-title" className="panel__title">
          Analysis
        </h2>
        <p className="muted">This post has not been analysed yet.</p>
      </section>
    );
  }

  async function save(change: CorrectionInput) {
    onCorrected(await api.correct(post.id, change));
  }

  const piiKinds = [...new Set(analysis.pii.map((finding) => finding.kind))];
  return (
    <section className="panel" aria-labelledby="analysis-title">
      <h2 id="analysis-title" className="panel__title">
        Analysis
        <span className="panel__aside">
          <PriorityMeter priority={analysis.priority} />
        </span>
      </h2>
      <p className="analysis-summary">
        <span className={analysis.needsBrand ? "chip chip--work" : "chip"}>
          {analysis.needsBrand ? "Needs the brand" : "Does not need the brand"}
        </span>{" "}
        {analysis.explanation}
      </p>
      <dl className="labels">
        <LabelRow
          name="Direction"
          value={<strong>{DIRECTION_WORDS[analysis.direction.label] ?? analysis.direction.label}</strong>}
          confidence={analysis.direction.confidence}
          explanation={analysis.direction.explanation}
        />
        <CorrectableRow
          name="Intent"
          model={analysis.intent.label}
          modelWords={INTENT_WORDS[analysis.intent.label]}
          corrected={correction?.intent}
          correction={correction}
          options={INTENT_OPTIONS}
          confidence={analysis.intent.confidence}
          explanation={analysis.intent.explanation}
          canCorrect={canCorrect}
          onSave={(value) => (isIntent(value) ? save({ intent: value }) : Promise.resolve())}
        />
        <CorrectableRow
          name="Sentiment"
          model={analysis.sentiment.label}
          modelWords={`${SENTIMENT_WORDS[analysis.sentiment.label]} (${analysis.sentiment.score.toFixed(2)})`}
          corrected={correction?.sentiment}
          correction={correction}
          options={SENTIMENT_OPTIONS}
          confidence={analysis.sentiment.confidence}
          explanation={analysis.sentiment.explanation}
          canCorrect={canCorrect}
          onSave={(value) => (isSentiment(value) ? save({ sentiment: value }) : Promise.resolve())}
        />
        <CorrectableRow
          name="Topic"
          model={analysis.topic.label}
          modelWords={analysis.topic.label === null ? "None" : topicWords(analysis.topic.label)}
          corrected={correction?.topic}
          correction={correction}
          options={topics.map((topic) => ({ value: topic, label: topicWords(topic) }))}
          confidence={analysis.topic.label === null ? null : analysis.topic.confidence}
          explanation={analysis.topic.explanation}
          canCorrect={canCorrect}
          onSave={(value) => save({ topic: value })}
        />
        <LabelRow
          name="Urgency"
          value={<strong>{URGENCY_WORDS[analysis.urgency.level]}</strong>}
          confidence={analysis.urgency.confidence}
          explanation={analysis.urgency.explanation}
        />
        <LabelRow
          name="Influence"
          value={<strong>{percent(analysis.influence.score)}</strong>}
          confidence={null}
          explanation={analysis.influence.explanation}
        />
        <div className="label-row">
          <dt>PII</dt>
          <dd>
            {piiKinds.length === 0 ? (
              <span className="muted">None found</span>
            ) : (
              <ul className="pii-list">
                {piiKinds.map((kind) => (
                  <li key={kind} className="chip chip--pii">
                    {PII_WORDS[kind] ?? kind}
                  </li>
                ))}
              </ul>
            )}
          </dd>
        </div>
      </dl>
      <IntentScores scores={analysis.intent.scores} chosen={analysis.intent.label} />
      <p className="model-version">
        Language {analysis.language} · model {analysis.modelVersion}
      </p>
    </section>
  );
}

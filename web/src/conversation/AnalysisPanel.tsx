import type { Analysis, Intent } from "../../../src/domain/analysis.ts";
import {
  DIRECTION_WORDS,
  INTENT_WORDS,
  PII_WORDS,
  SENTIMENT_WORDS,
  URGENCY_WORDS,
} from "../format/labels.ts";
import { percent } from "../format/numbers.ts";
import { PriorityMeter } from "../inbox/AnalysisChips.tsx";

/** One label: the value, how sure the analyzer is, and its one-line reason. */
function LabelRow({
  name,
  value,
  confidence,
  explanation,
}: {
  name: string;
  value: string;
  confidence: number | null;
  explanation: string;
}) {
  return (
    <div className="label-row">
      <dt>{name}</dt>
      <dd>
        <div className="label-row__value">
          <strong>{value}</strong>
          {confidence !== null && (
            <span className="confidence" title="Confidence">
              <span className="confidence__bar" aria-hidden="true">
                <span style={{ width: percent(confidence) }} />
              </span>
              {percent(confidence)}
            </span>
          )}
        </div>
        <div className="label-row__why">{explanation}</div>
      </dd>
    </div>
  );
}

function IntentScores({ scores, chosen }: { scores: Record<Intent, number>; chosen: Intent }) {
  const ranked = (Object.entries(scores) as [Intent, number][]).sort((a, b) => b[1] - a[1]);
  return (
    <table className="scores">
      <caption>Intent scores</caption>
      <tbody>
        {ranked.map(([intent, score]) => (
          <tr key={intent} className={intent === chosen ? "scores__chosen" : undefined}>
            <th scope="row">{INTENT_WORDS[intent]}</th>
            <td className="scores__bar" aria-hidden="true">
              <span style={{ width: percent(score) }} />
            </td>
            <td className="scores__value">{percent(score)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function AnalysisPanel({ analysis }: { analysis: Analysis | null }) {
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
          value={DIRECTION_WORDS[analysis.direction.label] ?? analysis.direction.label}
          confidence={analysis.direction.confidence}
          explanation={analysis.direction.explanation}
        />
        <LabelRow
          name="Intent"
          value={INTENT_WORDS[analysis.intent.label]}
          confidence={analysis.intent.confidence}
          explanation={analysis.intent.explanation}
        />
        <LabelRow
          name="Sentiment"
          value={`${SENTIMENT_WORDS[analysis.sentiment.label]} (${analysis.sentiment.score.toFixed(2)})`}
          confidence={analysis.sentiment.confidence}
          explanation={analysis.sentiment.explanation}
        />
        <LabelRow
          name="Topic"
          value={analysis.topic.label ?? "None"}
          confidence={analysis.topic.label === null ? null : analysis.topic.confidence}
          explanation={analysis.topic.explanation}
        />
        <LabelRow
          name="Urgency"
          value={URGENCY_WORDS[analysis.urgency.level]}
          confidence={analysis.urgency.confidence}
          explanation={analysis.urgency.explanation}
        />
        <LabelRow
          name="Influence"
          value={percent(analysis.influence.score)}
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

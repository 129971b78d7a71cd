import type { ReactNode } from "react";
import type { Intent } from "../../../src/domain/analysis.ts";
import { INTENT_WORDS } from "../format/labels.ts";
import { percent } from "../format/numbers.ts";

/** One label: the value, how sure the analyzer is, its one-line reason, and room for a correction. */
export function LabelRow({
  name,
  value,
  confidence,
  explanation,
  action,
  children,
}: {
  name: string;
  value: ReactNode;
  confidence: number | null;
  explanation: string;
  action?: ReactNode;
  children?: ReactNode;
}) {
  return (
    <div className="label-row">
      <dt>{name}</dt>
      <dd>
        <div className="label-row__value">
          <span className="label-row__label">{value}</span>
          {confidence !== null && (
            <span className="confidence" title="The model's confidence in its label">
              <span className="confidence__bar" aria-hidden="true">
                <span style={{ width: percent(confidence) }} />
              </span>
              {percent(confidence)}
            </span>
          )}
          {action}
        </div>
        {children}
        <div className="label-row__why">{explanation}</div>
      </dd>
    </div>
  );
}

export function IntentScores({ scores, chosen }: { scores: Record<Intent, number>; chosen: Intent }) {
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

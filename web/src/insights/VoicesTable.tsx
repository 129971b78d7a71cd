import type { VoiceCount } from "../api/types.ts";
import { barScale, postsPerVoice } from "./voices.ts";

export interface VoicesRow extends VoiceCount {
  key: string;
  label: string;
}

/** Posts and distinct authors side by side; the bars are drawn with plain CSS widths. */
export function VoicesTable({
  caption,
  heading,
  rows,
}: {
  caption: string;
  heading: string;
  rows: VoicesRow[];
}) {
  const width = barScale(rows);
  return (
    <table className="data-table voices">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{heading}</th>
          <th scope="col" className="num">
            Voices
          </th>
          <th scope="col" className="num">
            Posts
          </th>
          <th scope="col" className="num" title="Posts per distinct author">
            Posts / voice
          </th>
          <th scope="col" className="voices__bars-head">
            <span className="voices__key voices__key--authors">voices</span>
            <span className="voices__key voices__key--posts">posts</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key}>
            <th scope="row">{row.label}</th>
            <td className="num">{row.authors}</td>
            <td className="num">{row.posts}</td>
            <td className="num muted">{postsPerVoice(row)}</td>
            <td aria-hidden="true">
              <div className="voices__bars">
                <span className="voices__bar voices__bar--authors" style={{ width: width(row.authors) }} />
                <span className="voices__bar voices__bar--posts" style={{ width: width(row.posts) }} />
              </div>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

import type { AuthorView } from "../api/types.ts";
import { platformName } from "../format/labels.ts";
import { compactCount } from "../format/numbers.ts";
import { VerifiedMark } from "../shell/icons.tsx";

export function AuthorPanel({ author, platform }: { author: AuthorView; platform: string }) {
  return (
    <section className="panel" aria-labelledby="author-title">
      <h2 id="author-title" className="panel__title">
        Author
      </h2>
      <div className="author">
        <div className="author__avatar" aria-hidden="true">
          {(author.name ?? author.handle).slice(0, 1).toUpperCase()}
        </div>
        <div>
          <div className="author__name">
            {author.name ?? <span className="muted">No display name</span>}
            {author.verified && <VerifiedMark />}
          </div>
          <div className="handle">@{author.handle}</div>
        </div>
      </div>
      <dl className="facts">
        <dt>Platform</dt>
        <dd>{platformName(platform)}</dd>
        <dt>Followers</dt>
        <dd title={author.followers === null ? "Not reported by the platform" : String(author.followers)}>
          {compactCount(author.followers)}
        </dd>
        <dt>Verified</dt>
        <dd>{author.verified ? "Yes" : "No"}</dd>
        {author.isBrand && (
          <>
            <dt>Account</dt>
            <dd>The brand's own</dd>
          </>
        )}
      </dl>
    </section>
  );
}

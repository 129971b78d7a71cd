import type { PostView } from "../api/types.ts";
import { platformName } from "../format/labels.ts";
import { fullTimestamp, shortAge } from "../format/time.ts";
import { DemoBadge } from "../shell/DemoBadge.tsx";
import { VerifiedMark } from "../shell/icons.tsx";
import { useNow } from "../shell/useNow.ts";
import { OriginalNote, SharedNote } from "./OriginalNote.tsx";
import { PostLink, PostText } from "./PostText.tsx";

interface ThreadProps {
  posts: PostView[];
  selectedPostId: string;
  /** Posts that carry a work item, so they can be marked in the thread. */
  workPostIds: ReadonlySet<string>;
  onSelect(postId: string): void;
}

export function Thread({ posts, selectedPostId, workPostIds, onSelect }: ThreadProps) {
  const now = useNow();
  return (
    <ol className="thread" aria-label="Thread, oldest first">
      {posts.map((post) => {
        const selected = post.id === selectedPostId;
        const classes = [
          "post",
          post.author.isBrand ? "post--brand" : "post--customer",
          selected && "post--selected",
          post.channel === "private" && "post--private",
        ];
        return (
          <li key={post.id} className={classes.filter(Boolean).join(" ")} data-post-id={post.id}>
            <div className="post__head">
              <span className="handle">@{post.author.handle}</span>
              {post.author.verified && <VerifiedMark />}
              {post.author.isBrand && <span className="chip chip--brand">Brand</span>}
              {post.channel === "private" && <span className="chip">Private message</span>}
              {workPostIds.has(post.id) && <span className="chip chip--work">Work item</span>}
              {post.demo && <DemoBadge />}
              <span className="post__meta">
                {platformName(post.platform)} ·{" "}
                <time dateTime={post.createdAt} title={fullTimestamp(post.createdAt)}>
                  {shortAge(post.createdAt, now)}
                </time>
              </span>
            </div>
            <PostText text={post.text} />
            <OriginalNote original={post.original} />
            <SharedNote shared={post.shared} />
            <div className="post__foot">
              <PostLink url={post.url} label="Open on the platform" />
              {!post.author.isBrand && (
                <button
                  type="button"
                  className="button button--link"
                  aria-pressed={selected}
                  onClick={() => onSelect(post.id)}
                >
                  {selected ? "Analysis shown" : "Show analysis"}
                </button>
              )}
            </div>
          </li>
        );
      })}
    </ol>
  );
}

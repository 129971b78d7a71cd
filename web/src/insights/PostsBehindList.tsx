import type { PostsBehind } from "../api/types.ts";
import { fullTimestamp } from "../format/time.ts";
import { conversationHref } from "../router.ts";

interface Props {
  title: string;
  behind: PostsBehind;
  onClose: () => void;
}

/** The posts behind a chosen point; each opens its conversation where it has a work item. Text is rendered as text. */
export function PostsBehindList({ title, behind, onClose }: Props) {
  return (
    <section className="panel posts-behind" aria-labelledby="posts-behind-title">
      <header className="posts-behind__head">
        <h2 id="posts-behind-title">{title}</h2>
        <button type="button" className="button" onClick={onClose}>
          Close
        </button>
      </header>
      {behind.posts.length === 0 ? (
        <p className="empty">No posts here.</p>
      ) : (
        <ul className="posts-behind__list">
          {behind.posts.map((post) => (
            <li key={post.id}>
              <p className="posts-behind__meta">
                <strong>@{post.author}</strong> ·{" "}
                <time dateTime={post.postedAt}>{fullTimestamp(post.postedAt)}</time> ·{" "}
                {post.intent.replaceAll("_", " ")} · {post.sentiment}
                {post.topic ? ` · ${post.topic}` : ""}
              </p>
              <p className="posts-behind__text">{post.text}</p>
              {post.workItemId && (
                <a href={conversationHref(post.conversationId, post.workItemId)}>Open the conversation</a>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

import type { PostView } from "../api/types.ts";
import { PostLink } from "./PostText.tsx";

/** What a post is grouped with: the post it quotes, or the earlier one whose words it repeats. */
export function OriginalNote({ original }: { original: PostView["original"] }) {
  if (!original) return null;
  const what = original.relation === "quote" ? "Quotes a post" : "Repeats the words of an earlier post";
  return (
    <p className="post__original">
      {what}
      {original.postId ? (
        original.url ? (
          <>
            {" "}
            (<PostLink url={original.url} label="open the original" />)
          </>
        ) : (
          " held in Parley"
        )
      ) : (
        " that Parley does not hold"
      )}
    </p>
  );
}

/** "Shared 3 times": the posts Parley holds that quote this one or repeat its words. */
export function sharedLabel(shared: number): string | null {
  if (shared <= 0) return null;
  return `Shared ${shared} ${shared === 1 ? "time" : "times"}`;
}

export function SharedNote({ shared }: { shared: number }) {
  const label = sharedLabel(shared);
  if (!label) return null;
  return (
    <p className="post__shared" title="Posts that quote this one or repeat its words">
      {label}
    </p>
  );
}

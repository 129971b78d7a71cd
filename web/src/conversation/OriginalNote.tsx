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

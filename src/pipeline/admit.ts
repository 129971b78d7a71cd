/**
 * The order of the filter stage, the one place it is decided; the pipeline and the filter
 * benchmark both go through `admitPost`.
 *
 * Match first, on the few fields a query reads (text, author, language), drop a post that matches
 * nothing, and only then complete the post and consult the deduper. On a listening source most
 * posts match no campaign: they then cost a scan and a few table probes, and never pay for
 * mentions, hashtags, URL normalization or dedupe sets. The deduper is thereby a memory of posts
 * that were kept, not of every post that went by: a post dropped as unmatched is not remembered,
 * and a re-delivered unmatched post is counted as unmatched rather than as a duplicate.
 */
import type { MatchSubject, NormalizedPost } from "../domain/post.ts";
import type { PostDeduper } from "./dedupe.ts";

export interface CampaignMatch {
  match(post: MatchSubject, language?: string): string[];
}

export interface Admitted {
  post: NormalizedPost;
  campaignIds: string[];
}

export type Admission = Admitted | "unmatched" | "duplicate";

/**
 * `complete` turns the subject into the full post (identity when it already is one); it runs only
 * for posts that are kept by the match. With `requireMatch` false every post is completed and
 * deduped, matched or not.
 */
export function admitPost<S extends MatchSubject>(
  matcher: CampaignMatch,
  deduper: PostDeduper,
  subject: S,
  complete: (subject: S) => NormalizedPost,
  requireMatch: boolean,
): Admission {
  const campaignIds = matcher.match(subject);
  // The brand's own posts always belong: they are the answers in its conversations. So do quotes
  // of its posts: they are mentions.
  if (requireMatch && campaignIds.length === 0 && !subject.author.isBrand && !subject.quotes?.isBrand)
    return "unmatched";
  const post = complete(subject);
  if (deduper.isDuplicate(post)) return "duplicate";
  return { post, campaignIds };
}

/** `complete` for subjects that are already normalized posts. */
export function samePost(post: NormalizedPost): NormalizedPost {
  return post;
}

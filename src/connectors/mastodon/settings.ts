/** What an admin sets for a Mastodon source: the instance, and what to listen to there. */
import { z } from "zod";

const hashtag = z
  .string()
  .transform((t) => t.replace(/^#/, ""))
  .pipe(z.string().regex(/^[\p{L}\p{N}_]{1,100}$/u, "A hashtag is letters, digits and _"));

export const mastodonSettings = z
  .object({
    /** The instance's address (`https://mastodon.social`), where the access token was issued. */
    instanceUrl: z
      .url({ protocol: /^https?$/, error: "The instance's address must be an http or https URL" })
      .max(2048)
      .transform((u) => u.replace(/\/+$/, "")),
    /** Posts that mention the account (its notifications of type `mention`, direct messages included). */
    mentions: z.boolean().default(true),
    /** Hashtag timelines to read, without `#`. */
    hashtags: z.array(hashtag).max(20).default([]),
    /** Keyword searches (`/api/v2/search`); only instances with full-text search answer them. */
    keywords: z.array(z.string().trim().min(1).max(200)).max(20).default([]),
    pollIntervalSeconds: z.number().int().min(15).max(86_400).default(60),
    /**
     * Listen on the instance's streaming API (mentions and hashtags arrive as they happen, with
     * edits and deletes); the REST timelines catch up on start and after each reconnect, and
     * keyword searches are still polled every `pollIntervalSeconds`.
     */
    streaming: z.boolean().default(false),
    /** A stream that shows neither an event nor a ping for this long is opened again. */
    streamIdleSeconds: z.number().int().min(35).max(3600).default(90),
    /** Lets the source reach a private or loopback address (an instance on the intranet). */
    allowPrivateNetwork: z.boolean().default(false),
    /** Keep only posts that match a campaign (for hashtags and keywords that are mostly noise). */
    requireMatch: z.boolean().default(false),
  })
  .refine((s) => s.mentions || s.hashtags.length > 0 || s.keywords.length > 0, {
    message: "Listen to something: mentions, a hashtag or a keyword",
  });

export type MastodonSettings = z.output<typeof mastodonSettings>;

/** What an admin sets for a Bluesky source: the account's service, and what to listen to there. */
import { z } from "zod";

export const blueskySettings = z
  .object({
    /** The account's PDS or entryway (`https://bsky.social`), where the app password signs in. */
    serviceUrl: z
      .url({ protocol: /^https?$/, error: "The service's address must be an http or https URL" })
      .max(2048)
      .default("https://bsky.social")
      .transform((u) => u.replace(/\/+$/, "")),
    /** The brand account's handle (`lumen.bsky.social`) or DID, as it signs in. */
    handle: z
      .string()
      .trim()
      .transform((h) => h.replace(/^@/, ""))
      .pipe(z.string().min(3).max(253)),
    /** Mentions, replies and quotes of the account (its notifications). */
    mentions: z.boolean().default(true),
    /** Searches (`app.bsky.feed.searchPosts`): words, a phrase or `#hashtag`. */
    searches: z.array(z.string().trim().min(1).max(200)).max(20).default([]),
    pollIntervalSeconds: z.number().int().min(15).max(86_400).default(60),
    /** Lets the source reach a private or loopback address (a PDS on the intranet). */
    allowPrivateNetwork: z.boolean().default(false),
    /** Keep only posts that match a campaign (for searches that bring in mostly noise). */
    requireMatch: z.boolean().default(false),
  })
  .refine((s) => s.mentions || s.searches.length > 0, {
    message: "Listen to something: mentions or a search",
  });

export type BlueskySettings = z.output<typeof blueskySettings>;

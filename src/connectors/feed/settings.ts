/** What an admin sets for a feed source. */
import { z } from "zod";

export const MIN_POLL_SECONDS = 60;
export const MAX_POLL_SECONDS = 86_400;

export const feedSettings = z.object({
  /** The feed's address: http or https only. */
  url: z.url({ protocol: /^https?$/, error: "The feed's address must be an http or https URL" }).max(2048),
  /** Seconds between polls, from a minute to a day; a quarter of an hour by default. */
  pollIntervalSeconds: z.number().int().min(MIN_POLL_SECONDS).max(MAX_POLL_SECONDS).default(900),
  /**
   * Lets the source reach private, loopback and link-local addresses (an intranet's feed).
   * Off by default: otherwise anyone who may add a source could make Parley fetch internal services.
   */
  allowPrivateNetwork: z.boolean().default(false),
  /**
   * Keep only entries that match a campaign. On by default, since most feeds added for listening
   * (blog and news searches, forums, aggregators) mostly hold entries not about the brand; turn it
   * off for a feed that is all about the brand, such as a review site's page for it.
   */
  requireMatch: z.boolean().default(true),
});

export type FeedSettings = z.output<typeof feedSettings>;

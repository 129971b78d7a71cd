/** Posts for the browser tests, shaped as the pipeline's input. */
import { randomUUID } from "node:crypto";
import { extractHashtags, extractMentions, type NormalizedPost } from "../../src/domain/post.ts";

export const DEMO_BRAND_HANDLE = "acme";

export function demoPost(text: string, overrides: Partial<NormalizedPost> = {}): NormalizedPost {
  return {
    platform: "demo",
    platformId: `e2e-${randomUUID()}`,
    text,
    createdAt: new Date(),
    author: { platform: "demo", platformId: "e2e-customer", handle: "e2e_customer", followers: 1200 },
    channel: "public",
    mentions: extractMentions(text),
    hashtags: extractHashtags(text),
    raw: { source: "e2e" },
    demo: true,
    ...overrides,
  };
}

/** Posts for the browser tests, shaped as the pipeline's input. */
import { randomUUID } from "node:crypto";
import { DEMO_BRAND } from "../../src/connectors/demo/brand.ts";
import { extractHashtags, extractMentions, type NormalizedPost } from "../../src/domain/post.ts";

/** The demo brand's customer-care account: posts addressed to it need the brand. */
export const DEMO_BRAND_HANDLE = DEMO_BRAND.handles.support;

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

/** Insight figures. Trends count voices (distinct authors) beside volume, so one loud author is one voice. */
import type { Store } from "../store/index.ts";
import type { Principal } from "./auth.ts";

const DAY_MS = 24 * 60 * 60 * 1000;

export function insightService(store: Store) {
  return {
    async voices(principal: Principal, days: number, now = new Date()) {
      const from = new Date(now.getTime() - days * DAY_MS);
      const { total, byIntent, byTopic } = await store.insights.voices(principal.workspace.id, from, now);
      return {
        from: from.toISOString(),
        to: now.toISOString(),
        total: { posts: total.posts, authors: total.authors },
        byIntent: byIntent.map((r) => ({ intent: r.key ?? "other", posts: r.posts, authors: r.authors })),
        byTopic: byTopic.map((r) => ({ topic: r.key, posts: r.posts, authors: r.authors })),
      };
    },
  };
}

import type { ConversationView, PostView } from "../domain/views.ts";
import { ParleyError } from "../errors.ts";
import type { Store } from "../store/index.ts";
import type { Principal } from "./auth.ts";
import { conversationFor, postFor } from "./visibility.ts";

export function conversationService(store: Store) {
  return {
    async get(principal: Principal, id: string): Promise<ConversationView> {
      const workspaceId = principal.workspace.id;
      const [posts, workItems] = await Promise.all([
        store.views.conversationPosts(workspaceId, id),
        store.views.workItems(workspaceId, { conversationId: id, limit: 100 }),
      ]);
      if (posts.length === 0) throw new ParleyError("not_found", "No such conversation");
      const root = posts.find((p) => p.replyToPostId === null) ?? posts[0]!;
      return conversationFor(principal.user.role, {
        id,
        platform: root.platform,
        rootPostId: root.id,
        posts,
        workItems,
      });
    },
  };
}

export function postService(store: Store) {
  return {
    async list(principal: Principal, query: { after?: number; limit?: number }) {
      const limit = Math.min(Math.max(query.limit ?? 50, 1), 500);
      const rows = await store.views.posts(principal.workspace.id, {
        afterSeq: query.after,
        limit: limit + 1,
      });
      const items = rows.slice(0, limit);
      return {
        items: items.map(({ seq: _seq, ...post }) => postFor(principal.user.role, post)),
        nextCursor: rows.length > limit ? String(items.at(-1)!.seq) : null,
      };
    },
    async get(principal: Principal, id: string): Promise<PostView> {
      const post = await store.views.post(principal.workspace.id, id);
      if (!post) throw new ParleyError("not_found", "No such post");
      return postFor(principal.user.role, post);
    },
  };
}

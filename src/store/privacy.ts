/**
 * What is held about a person (a social profile in a workspace), to hand over or to erase. A
 * person is every author row of the workspace with that platform and handle. Erasing removes
 * their posts with the analysis inside them, the work items their posts opened, the replies
 * written to them, their links to customers, the dead letters holding their payloads, and their
 * handle in campaigns' author lists, and the brand's answers to them; their own threads go when
 * nobody else's post is left in them, others stay for the other people in them.
 */
import type { AlertWhy } from "../domain/alerts.ts";
import { deleteEmptyConversations } from "./emptyConversations.ts";
import { type Executor, ofWorkspace } from "./executor.ts";
import { and, eq, inArray, or, sql } from "./orm.ts";
import { rollupRepository } from "./rollups.ts";

export interface PersonRef {
  platform: string;
  handle: string;
}

export interface ErasureCounts {
  authors: number;
  posts: number;
  workItems: number;
  conversations: number;
  replies: number;
  links: number;
  deadLetters: number;
  campaigns: number;
}

const STEP = 500;

export function privacyRepository(x: Executor) {
  const { db } = x;
  const { authors, posts, workItems, replies, identityLinks, deadLetters, campaigns, surveys } = x.t;

  async function authorIds(workspaceId: string, person: PersonRef): Promise<string[]> {
    const rows = await db
      .select({ id: authors.id })
      .from(authors)
      .where(
        and(
          eq(authors.workspaceId, workspaceId),
          eq(authors.platform, person.platform),
          sql`lower(${authors.handle}) = ${person.handle.toLowerCase()}`,
        ),
      );
    return rows.map((r) => r.id);
  }

  async function postIdsOf(workspaceId: string, ids: string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = await db
      .select({ id: posts.id })
      .from(posts)
      .where(and(ofWorkspace(x, posts.workspaceId, workspaceId), inArray(posts.authorId, ids)));
    return rows.map((r) => r.id);
  }

  return {
    /** Everything held about the person, as stored. */
    async export(workspaceId: string, person: PersonRef) {
      const ids = await authorIds(workspaceId, person);
      if (ids.length === 0) return null;
      const postIds = await postIdsOf(workspaceId, ids);
      const inPosts = <T>(query: (chunk: string[]) => Promise<T[]>) => chunked(postIds, query);
      const items = await inPosts((chunk) =>
        db
          .select()
          .from(workItems)
          .where(or(inArray(workItems.postId, chunk), inArray(workItems.latestPostId, chunk))),
      );
      const { notes, linkConfirmations } = x.t;
      return {
        authors: await db.select().from(authors).where(inArray(authors.id, ids)),
        posts: await inPosts((chunk) => db.select().from(posts).where(inArray(posts.id, chunk))),
        workItems: items,
        // Agents' notes on the items their posts opened: written about them.
        notes: await chunked(
          items.map((i) => i.id),
          (chunk) => db.select().from(notes).where(inArray(notes.workItemId, chunk)),
        ),
        // Requests that they confirm a link (the token itself is never stored).
        linkConfirmations: await db
          .select({
            id: linkConfirmations.id,
            customerId: linkConfirmations.customerId,
            authorId: linkConfirmations.authorId,
            expiresAt: linkConfirmations.expiresAt,
            usedAt: linkConfirmations.usedAt,
            createdAt: linkConfirmations.createdAt,
          })
          .from(linkConfirmations)
          .where(inArray(linkConfirmations.authorId, ids)),
        replies: await inPosts((chunk) =>
          db.select().from(replies).where(inArray(replies.inReplyToPostId, chunk)),
        ),
        links: await db.select().from(identityLinks).where(inArray(identityLinks.authorId, ids)),
      };
    },

    /** Erases the person; call in a transaction. */
    async erase(workspaceId: string, person: PersonRef): Promise<ErasureCounts> {
      const counts: ErasureCounts = {
        authors: 0,
        posts: 0,
        workItems: 0,
        conversations: 0,
        replies: 0,
        links: 0,
        deadLetters: 0,
        campaigns: 0,
      };
      const ids = await authorIds(workspaceId, person);
      // The trends lose their posts and them as a voice; the figures stay for everyone else.
      await rollupRepository(x).uncountAuthors(workspaceId, ids);
      const own = ids.length
        ? await db
            .select({ id: posts.id, platformId: posts.platformId, conversationId: posts.conversationId })
            .from(posts)
            .where(and(ofWorkspace(x, posts.workspaceId, workspaceId), inArray(posts.authorId, ids)))
        : [];
      // The brand's answers to them are addressed to them (and name them): they go too.
      const answers = await chunked(
        own.map((p) => p.platformId),
        (chunk) =>
          db
            .select({ id: posts.id, platformId: posts.platformId, conversationId: posts.conversationId })
            .from(posts)
            .innerJoin(authors, eq(authors.id, posts.authorId))
            .where(
              and(
                eq(posts.workspaceId, workspaceId),
                eq(authors.isBrand, true),
                inArray(posts.replyToPlatformId, chunk),
              ),
            ),
      );
      const postIds = [...own, ...answers].map((p) => p.id);
      const touched = [...new Set([...own, ...answers].map((p) => p.conversationId))];
      for (let i = 0; i < postIds.length; i += STEP) {
        const chunk = postIds.slice(i, i + STEP);
        counts.replies += (
          await db
            .delete(replies)
            .where(inArray(replies.inReplyToPostId, chunk))
            .returning({ id: replies.id })
        ).length;
        counts.workItems += (
          await db.delete(workItems).where(inArray(workItems.postId, chunk)).returning({ id: workItems.id })
        ).length;
        // An item someone else opened, last joined by this person, points at its first post again.
        await db
          .update(workItems)
          .set({ latestPostId: workItems.postId })
          .where(inArray(workItems.latestPostId, chunk));
        counts.posts += (
          await db.delete(posts).where(inArray(posts.id, chunk)).returning({ id: posts.id })
        ).length;
      }
      // Their own threads, with nobody else's post left in them, go entirely.
      const gone = await deleteEmptyConversations(x, touched);
      counts.replies += gone.replies;
      counts.workItems += gone.workItems;
      counts.conversations += gone.conversations;
      if (ids.length > 0) {
        // Their survey invitations and ratings say who they are too.
        await db.delete(surveys).where(inArray(surveys.authorId, ids));
        counts.links += (
          await db
            .delete(identityLinks)
            .where(inArray(identityLinks.authorId, ids))
            .returning({ id: identityLinks.id })
        ).length;
        counts.authors += (
          await db.delete(authors).where(inArray(authors.id, ids)).returning({ id: authors.id })
        ).length;
      }
      // A payload a source could not read may be theirs: it is kept as text, so look for the handle in it.
      const pattern = `%${person.handle.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      counts.deadLetters += (
        await db
          .delete(deadLetters)
          .where(
            and(
              eq(deadLetters.workspaceId, workspaceId),
              sql`lower(${deadLetters.payload}) like ${pattern} escape '\\'`,
            ),
          )
          .returning({ id: deadLetters.id })
      ).length;
      const handle = person.handle.toLowerCase();
      for (const c of await db.select().from(campaigns).where(eq(campaigns.workspaceId, workspaceId))) {
        const exclude = c.excludeAuthors.filter((h) => h.toLowerCase() !== handle);
        const vip = c.vipAuthors.filter((h) => h.toLowerCase() !== handle);
        if (exclude.length === c.excludeAuthors.length && vip.length === c.vipAuthors.length) continue;
        await db
          .update(campaigns)
          .set({ excludeAuthors: exclude, vipAuthors: vip })
          .where(eq(campaigns.id, c.id));
        counts.campaigns += 1;
      }
      // Alerts quote posts and name their authors: their posts and their name leave each alert,
      // which stays for everyone else's.
      const bare = handle.replace(/^@/, "");
      const erasedPosts = new Set(postIds);
      const { alerts } = x.t;
      const named = new Map<string, { why: AlertWhy; postIds: string[] }>();
      const holding = [
        sql`lower(cast(${alerts.why} as text)) like ${`%${bare.replace(/[\\%_]/g, (c) => `\\${c}`)}%`} escape '\\'`,
      ];
      for (let i = 0; i < postIds.length || i === 0; i += 100) {
        const chunk = postIds.slice(i, i + 100);
        const rows = await db
          .select({ id: alerts.id, why: alerts.why, postIds: alerts.postIds })
          .from(alerts)
          .where(
            and(
              eq(alerts.workspaceId, workspaceId),
              or(...holding, ...chunk.map((id) => sql`cast(${alerts.postIds} as text) like ${`%${id}%`}`)),
            ),
          );
        for (const row of rows) named.set(row.id, row);
      }
      for (const [id, row] of named) {
        const mine = (h: string) => h.replace(/^@/, "").toLowerCase() === bare;
        const why: AlertWhy = {
          ...row.why,
          topPosts: row.why.topPosts.filter((p) => !erasedPosts.has(p.id) && !mine(p.authorHandle)),
          topAuthors: row.why.topAuthors.filter((a) => !mine(a.handle)),
        };
        await db
          .update(alerts)
          .set({ why, postIds: row.postIds.filter((p) => !erasedPosts.has(p)) })
          .where(eq(alerts.id, id));
      }
      return counts;
    },
  };
}

async function chunked<T>(ids: string[], query: (chunk: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += STEP) out.push(...(await query(ids.slice(i, i + STEP))));
  return out;
}

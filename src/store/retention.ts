/**
 * Retention: each workspace's policy, and one run of it. A run takes the posts older than the
 * cutoff and either deletes them (their counts per day, platform, sentiment and intent kept in
 * `retention_daily` first) or anonymises them (text, link, payload and explanations blanked, the
 * author replaced by the platform's anonymous one, the labels kept). What nobody is left in goes:
 * threads with no post, profiles with no post and no customer link. Call `run` in a transaction.
 */
import type { Analysis } from "../domain/analysis.ts";
import { deleteEmptyConversations } from "./emptyConversations.ts";
import type { Executor, Tables } from "./executor.ts";
import { and, desc, eq, inArray, isNotNull, lt, notInArray, sql } from "./orm.ts";

export type RetentionMode = "delete" | "anonymise";
export interface RetentionPolicy {
  maxAgeDays: number | null;
  mode: RetentionMode;
}
export interface RetentionCounts {
  posts: number;
  conversations: number;
  workItems: number;
  replies: number;
  authors: number;
}
export type RetentionRunRow = Tables["retentionRuns"]["$inferSelect"];

const STEP = 500;
const ANONYMOUS = "anonymous";

function blankAnalysis(a: Analysis): Analysis {
  return {
    ...a,
    direction: { ...a.direction, explanation: "" },
    intent: { ...a.intent, explanation: "" },
    sentiment: { ...a.sentiment, explanation: "" },
    ...(a.sarcasm ? { sarcasm: { ...a.sarcasm, explanation: "" } } : {}),
    topic: { ...a.topic, explanation: "" },
    urgency: { ...a.urgency, explanation: "" },
    influence: { ...a.influence, explanation: "" },
    pii: [],
    explanation: "",
  };
}

export function retentionRepository(x: Executor) {
  const { db } = x;
  const {
    retentionPolicies,
    retentionRuns,
    retentionDaily,
    posts,
    authors,
    workItems,
    replies,
    identityLinks,
  } = x.t;

  async function anonymousAuthor(workspaceId: string, platform: string): Promise<string> {
    await db
      .insert(authors)
      .values({ workspaceId, platform, platformId: ANONYMOUS, handle: ANONYMOUS, name: null })
      .onConflictDoNothing();
    const [row] = await db
      .select({ id: authors.id })
      .from(authors)
      .where(
        and(
          eq(authors.workspaceId, workspaceId),
          eq(authors.platform, platform),
          eq(authors.platformId, ANONYMOUS),
        ),
      );
    return row!.id;
  }

  return {
    async policy(workspaceId: string): Promise<RetentionPolicy> {
      const [row] = await db
        .select()
        .from(retentionPolicies)
        .where(eq(retentionPolicies.workspaceId, workspaceId));
      return { maxAgeDays: row?.maxAgeDays ?? null, mode: row?.mode ?? "anonymise" };
    },

    async setPolicy(workspaceId: string, policy: RetentionPolicy, at: Date): Promise<void> {
      await db
        .insert(retentionPolicies)
        .values({ workspaceId, ...policy, updatedAt: at })
        .onConflictDoUpdate({ target: retentionPolicies.workspaceId, set: { ...policy, updatedAt: at } });
    },

    /** Workspaces with an age set. */
    async active(): Promise<{ workspaceId: string; maxAgeDays: number; mode: RetentionMode }[]> {
      const rows = await db.select().from(retentionPolicies).where(isNotNull(retentionPolicies.maxAgeDays));
      return rows.map((r) => ({ workspaceId: r.workspaceId, maxAgeDays: r.maxAgeDays!, mode: r.mode }));
    },

    async runs(workspaceId: string, limit: number): Promise<RetentionRunRow[]> {
      return db
        .select()
        .from(retentionRuns)
        .where(eq(retentionRuns.workspaceId, workspaceId))
        .orderBy(desc(retentionRuns.createdAt), desc(retentionRuns.id))
        .limit(limit);
    },

    async daily(workspaceId: string) {
      return db.select().from(retentionDaily).where(eq(retentionDaily.workspaceId, workspaceId));
    },

    async run(workspaceId: string, cutoff: Date, mode: RetentionMode, at: Date): Promise<RetentionRunRow> {
      const counts: RetentionCounts = { posts: 0, conversations: 0, workItems: 0, replies: 0, authors: 0 };
      const touchedConversations = new Set<string>();
      const touchedAuthors = new Set<string>();
      const anonymousIds = new Map<string, string>();
      for (;;) {
        const old = await db
          .select()
          .from(posts)
          .where(
            and(
              eq(posts.workspaceId, workspaceId),
              lt(posts.postedAt, cutoff),
              // Already anonymised posts are not taken again.
              mode === "anonymise" ? sql`${posts.text} <> ''` : undefined,
            ),
          )
          .limit(STEP);
        if (old.length === 0) break;
        const ids = old.map((p) => p.id);
        for (const p of old) {
          touchedConversations.add(p.conversationId);
          touchedAuthors.add(p.authorId);
        }
        if (mode === "delete") {
          const groups = new Map<
            string,
            { day: string; platform: string; sentiment: string; intent: string; n: number }
          >();
          for (const p of old) {
            const day = p.postedAt.toISOString().slice(0, 10);
            const key = `${day}|${p.platform}|${p.sentiment}|${p.intent}`;
            const g = groups.get(key) ?? {
              day,
              platform: p.platform,
              sentiment: p.sentiment,
              intent: p.intent,
              n: 0,
            };
            g.n += 1;
            groups.set(key, g);
          }
          for (const g of groups.values())
            await db
              .insert(retentionDaily)
              .values({
                workspaceId,
                day: g.day,
                platform: g.platform,
                sentiment: g.sentiment,
                intent: g.intent,
                posts: g.n,
              })
              .onConflictDoUpdate({
                target: [
                  retentionDaily.workspaceId,
                  retentionDaily.day,
                  retentionDaily.platform,
                  retentionDaily.sentiment,
                  retentionDaily.intent,
                ],
                set: { posts: sql`${retentionDaily.posts} + ${g.n}` },
              });
          counts.replies += (
            await db
              .delete(replies)
              .where(inArray(replies.inReplyToPostId, ids))
              .returning({ id: replies.id })
          ).length;
          counts.workItems += (
            await db.delete(workItems).where(inArray(workItems.postId, ids)).returning({ id: workItems.id })
          ).length;
          await db
            .update(workItems)
            .set({ latestPostId: workItems.postId })
            .where(inArray(workItems.latestPostId, ids));
          counts.posts += (
            await db.delete(posts).where(inArray(posts.id, ids)).returning({ id: posts.id })
          ).length;
        } else {
          for (const p of old) {
            let anon = anonymousIds.get(p.platform);
            if (!anon) {
              anon = await anonymousAuthor(workspaceId, p.platform);
              anonymousIds.set(p.platform, anon);
            }
            await db
              .update(posts)
              .set({
                text: "",
                url: null,
                raw: null,
                correction: null,
                analysis: blankAnalysis(p.analysis),
                authorId: anon,
              })
              .where(eq(posts.id, p.id));
          }
          counts.replies += (
            await db
              .update(replies)
              .set({ text: "", url: null, error: null })
              .where(inArray(replies.inReplyToPostId, ids))
              .returning({ id: replies.id })
          ).length;
          counts.posts += old.length;
        }
      }
      const conversationIds = [...touchedConversations];
      if (mode === "delete") {
        const gone = await deleteEmptyConversations(x, conversationIds);
        counts.replies += gone.replies;
        counts.workItems += gone.workItems;
        counts.conversations += gone.conversations;
      }
      const authorIds = [...touchedAuthors];
      for (let i = 0; i < authorIds.length; i += STEP) {
        const chunk = authorIds.slice(i, i + STEP);
        const busy = new Set([
          ...(await db.select({ id: posts.authorId }).from(posts).where(inArray(posts.authorId, chunk))).map(
            (r) => r.id,
          ),
          ...(
            await db
              .select({ id: identityLinks.authorId })
              .from(identityLinks)
              .where(inArray(identityLinks.authorId, chunk))
          ).map((r) => r.id),
        ]);
        const idle = chunk.filter((id) => !busy.has(id));
        if (idle.length === 0) continue;
        counts.authors += (
          await db
            .delete(authors)
            .where(
              and(
                inArray(authors.id, idle),
                eq(authors.isBrand, false),
                notInArray(authors.platformId, [ANONYMOUS]),
              ),
            )
            .returning({ id: authors.id })
        ).length;
      }
      const [row] = await db
        .insert(retentionRuns)
        .values({ workspaceId, mode, cutoff, ...counts, createdAt: at })
        .returning();
      return row!;
    },
  };
}

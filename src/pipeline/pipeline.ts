/**
 * The ingest pipeline: match campaigns → drop unmatched (listening sources) → dedupe → analyse →
 * store (one transaction per batch) → live events after commit. The first three steps are
 * `admitPost`, the same order the filter stage uses on a firehose.
 *
 * A submission is prepared (matched and analysed) as soon as it is accepted, while earlier ones
 * are still being stored, so analysis and storage overlap; stores run one at a time, in order.
 * At most `capacity` posts may be waiting: past it `submit` waits, so a slow store slows the
 * sources instead of growing memory.
 */

import type { RelevanceFilter } from "../analysis/index.ts";
import type { Bus } from "../bus/index.ts";
import type { Analysis, AnalysisInput } from "../domain/analysis.ts";
import { TIER_VALUE } from "../domain/customer.ts";
import { type NewEvent, newEvent, workItemIdOf } from "../domain/events.ts";
import type { NormalizedPost } from "../domain/post.ts";
import type { AuthorKind } from "../domain/workspaceSettings.ts";
import { metrics } from "../metrics.ts";
import type { IngestItem, IngestResult, Store } from "../store/index.ts";
import { type Admitted, admitPost, type CampaignMatch, samePost } from "./admit.ts";
import type { AnalysisProfile } from "./analysisProfile.ts";
import { type BatchAnalyzer, createBatchAnalyzer } from "./batchAnalyzer.ts";
import { PostDeduper } from "./dedupe.ts";

export type { CampaignMatch };

/** What the pipeline needs to know about a workspace; cached, and refreshed when campaigns change. */
export interface WorkspaceContext {
  /** Every handle of the brand on any platform: mentions of them address the brand. */
  brandHandles: string[];
  brandNames: string[];
  /**
   * Whose post it is by platform and handle (the brand's, an employee's, anyone's); without it,
   * the brand's are those in `brandHandles`.
   */
  authorKind?: (platform: string, handle: string) => AuthorKind;
  /**
   * The brand's own accounts Parley has stored, by `platform \0 platform id`, with their handle:
   * a quote of one of their posts is a mention of the brand.
   */
  brandAccounts?: Map<string, string>;
  matcher: CampaignMatch;
  /** The workspace's taxonomy and learnt corrections. */
  profile: AnalysisProfile;
  /** Relevance filters of campaigns that have seen enough agent decisions to be trusted. */
  relevance: Map<string, RelevanceFilter>;
}

export interface SubmitOptions {
  /** Drop posts that match no campaign (listening sources); imports and direct channels keep all. */
  requireMatch?: boolean;
  /** The source the posts came from, named in the `posts.stored` event. */
  sourceId?: string;
  /**
   * Runs inside the transaction that stores the submission's last batch (or its own one when
   * nothing is left to store), so what it writes (a source's cursor) commits with the posts.
   */
  withLastBatch?: (tx: Store) => Promise<void>;
}

export interface SubmitResult {
  stored: number;
  duplicates: number;
  unmatched: number;
}

export interface PipelineOptions {
  store: Store;
  bus: Bus;
  contextFor(workspaceId: string): Promise<WorkspaceContext>;
  /** Posts per store transaction. */
  batchSize?: number;
  /** Posts that may wait before `submit` blocks. */
  capacity?: number;
  /** Analyse large batches on a worker thread (default: when the machine has more than one core). */
  workers?: boolean;
  now?: () => number;
}

interface Prepared {
  batches: IngestItem[][];
  seen: number;
  unmatched: number;
}

const DEDUPE_CAPACITY = 200_000;
const ADMIT_STEP = 250;

export class IngestPipeline {
  private readonly store: Store;
  private readonly bus: Bus;
  private readonly contextFor: PipelineOptions["contextFor"];
  private readonly batchSize: number;
  private readonly capacity: number;
  private readonly now: () => number;
  private readonly analyzer: BatchAnalyzer;
  private queued = 0;
  private tail: Promise<unknown> = Promise.resolve();
  private waiters: (() => void)[] = [];
  // A fast pre-filter for re-deliveries; the store's unique key remains the final word.
  private deduper = new PostDeduper({ capacity: DEDUPE_CAPACITY });

  constructor(options: PipelineOptions) {
    this.store = options.store;
    this.bus = options.bus;
    this.contextFor = options.contextFor;
    this.batchSize = options.batchSize ?? 1000;
    this.capacity = options.capacity ?? 10_000;
    this.now = options.now ?? Date.now;
    this.analyzer = createBatchAnalyzer({ workers: options.workers });
  }

  /** Stores the posts (in batches) and resolves once all of them are committed. */
  async submit(
    workspaceId: string,
    posts: NormalizedPost[],
    options: SubmitOptions = {},
  ): Promise<SubmitResult> {
    while (this.queued > 0 && this.queued + posts.length > this.capacity) {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
    this.queued += posts.length;
    const prepared = this.prepare(workspaceId, posts, options);
    prepared.catch(() => undefined);
    const run = this.tail.then(async () => this.persist(workspaceId, await prepared, options));
    this.tail = run.catch(() => undefined);
    try {
      return await run;
    } finally {
      this.queued -= posts.length;
      for (const wake of this.waiters.splice(0)) wake();
    }
  }

  /** Resolves when everything submitted so far is stored. */
  async drain(): Promise<void> {
    await this.tail;
  }

  async close(): Promise<void> {
    await this.drain();
    await this.analyzer.close();
  }

  private async prepare(
    workspaceId: string,
    posts: NormalizedPost[],
    options: SubmitOptions,
  ): Promise<Prepared> {
    const context = await this.contextFor(workspaceId);
    const kept: Admitted[] = [];
    let seen = 0;
    let unmatched = 0;
    const requireMatch = options.requireMatch ?? false;
    for (let i = 0; i < posts.length; i++) {
      // A large submission is matched in steps, so requests are served in between.
      if (i > 0 && i % ADMIT_STEP === 0) await new Promise((resolve) => setImmediate(resolve));
      const admitted = admitPost(
        context.matcher,
        this.deduper,
        quotingBrand(asBrand(posts[i]!, context), context),
        samePost,
        requireMatch,
      );
      if (admitted === "unmatched") unmatched += 1;
      else if (admitted === "duplicate") seen += 1;
      else {
        kept.push(admitted);
        const author = admitted.post.author;
        // An account the brand speaks from, met here first: quotes of its posts are mentions from now on.
        if (
          author.isBrand &&
          context.brandAccounts &&
          !context.brandAccounts.has(`${author.platform}\u0000${author.platformId}`)
        )
          context.brandAccounts.set(`${author.platform}\u0000${author.platformId}`, author.handle);
      }
    }
    const batches: IngestItem[][] = [];
    for (let i = 0; i < kept.length; i += this.batchSize) {
      const slice = kept.slice(i, i + this.batchSize);
      const values = await this.customerValues(
        workspaceId,
        slice.map((k) => k.post),
      );
      const analyses = await this.analyzer.analyze(
        slice.map(({ post }) => this.analysisInput(post, context, values)),
        context.profile,
      );
      batches.push(
        slice.map((k, j) => ({
          ...k,
          analysis: judgeRelevance(
            k.post.text,
            k.campaignIds,
            judgeAuthor(k.post, analyses[j]!, context),
            context,
          ),
        })),
      );
    }
    return { batches, seen, unmatched };
  }

  /**
   * Triage of posts whose text changed at the source (an edit): matched, analysed and judged as
   * on arrival, without the deduper and without storing anything.
   */
  async triage(workspaceId: string, posts: NormalizedPost[]): Promise<IngestItem[]> {
    if (posts.length === 0) return [];
    const context = await this.contextFor(workspaceId);
    const items = posts.map((p) => {
      const post = quotingBrand(asBrand(p, context), context);
      return { post, campaignIds: context.matcher.match(post) };
    });
    const values = await this.customerValues(
      workspaceId,
      items.map((k) => k.post),
    );
    const analyses = await this.analyzer.analyze(
      items.map(({ post }) => this.analysisInput(post, context, values)),
      context.profile,
    );
    return items.map((k, j) => ({
      ...k,
      analysis: judgeRelevance(
        k.post.text,
        k.campaignIds,
        judgeAuthor(k.post, analyses[j]!, context),
        context,
      ),
    }));
  }

  private async persist(
    workspaceId: string,
    prepared: Prepared,
    options: SubmitOptions,
  ): Promise<SubmitResult> {
    const total: SubmitResult = { stored: 0, duplicates: prepared.seen, unmatched: prepared.unmatched };
    metrics.postsDuplicate.inc({}, prepared.seen);
    metrics.postsDropped.inc({}, prepared.unmatched);
    if (prepared.batches.length === 0 && options.withLastBatch) {
      await this.store.transaction(options.withLastBatch);
    }
    for (const [index, items] of prepared.batches.entries()) {
      const started = performance.now();
      const last = index === prepared.batches.length - 1;
      const seqs = new Map<string, number>();
      let result: IngestResult;
      try {
        result = await this.store.transaction(async (tx) => {
          const stored = await tx.ingest(workspaceId, items, options.sourceId);
          await recordReopens(tx, workspaceId, stored);
          const events = ingestEvents(workspaceId, stored, options.sourceId);
          const written = await tx.events.append(events);
          written.forEach((w, i) => {
            const id = workItemIdOf(events[i]!);
            if (id) seqs.set(id, w.seq);
          });
          if (last && options.withLastBatch) await options.withLastBatch(tx);
          return stored;
        });
      } catch (err) {
        // The batch was not stored: forget what the pre-filter remembered so a retry is not skipped.
        this.deduper = new PostDeduper({ capacity: DEDUPE_CAPACITY });
        throw err;
      }
      total.stored += result.stored.length;
      total.duplicates += result.duplicates;
      for (const s of result.stored) metrics.postsStored.inc({ platform: s.platform });
      metrics.postsDuplicate.inc({}, result.duplicates);
      metrics.ingestBatchSeconds.observe((performance.now() - started) / 1000);
      await this.announce(workspaceId, result.workItems, seqs);
    }
    return total;
  }

  /**
   * The value of the customer each author is confirmed as (their tier, `TIER_VALUE`), read once
   * per batch: priority weighs it as one term of its formula, so a VIP's post ranks higher.
   */
  private async customerValues(workspaceId: string, posts: NormalizedPost[]): Promise<Map<string, number>> {
    const people = posts.filter((p) => !p.author.isBrand).map((p) => p.author);
    const tiers = await this.store.customers.tiersOfProfiles(workspaceId, people);
    return new Map([...tiers].map(([key, tier]) => [key, TIER_VALUE[tier]]));
  }

  private analysisInput(
    post: NormalizedPost,
    context: WorkspaceContext,
    customerValues: Map<string, number>,
  ): AnalysisInput {
    const value = customerValues.get(`${post.author.platform}\u0000${post.author.platformId}`);
    return {
      text: post.text,
      platform: post.platform,
      author: {
        handle: post.author.handle,
        followers: post.author.followers,
        verified: post.author.verified,
        isBrand: post.author.isBrand === true,
      },
      replyToHandle: post.replyToHandle?.toLowerCase(),
      ...(post.quotes?.isBrand && post.quotes.authorHandle
        ? { quotesHandle: post.quotes.authorHandle.toLowerCase() }
        : {}),
      brandHandles: brandHandlesFor(post, context),
      brandNames: context.brandNames,
      channel: post.channel,
      ageMinutes: Math.max(0, (this.now() - post.createdAt.getTime()) / 60_000),
      ...(value ? { customerValue: value } : {}),
    };
  }

  /**
   * Live events go out after the batch (or the edits, `applySourceChanges`) commits, so a screen
   * that re-reads sees the new rows.
   */
  async announce(
    workspaceId: string,
    workItems: { id: string; created: boolean }[],
    seqs: Map<string, number>,
  ): Promise<void> {
    if (workItems.length === 0) return;
    const created = new Set(workItems.filter((w) => w.created).map((w) => w.id));
    metrics.workItemsOpened.inc({}, created.size);
    if (!this.bus.mayHaveSubscribers(workspaceId)) return;
    const views = await this.store.views.workItems(workspaceId, {
      ids: workItems.map((w) => w.id),
      limit: workItems.length,
    });
    for (const workItem of views) {
      await this.bus.publish({
        type: created.has(workItem.id) ? "work_item.created" : "work_item.updated",
        workspaceId,
        workItem,
        seq: seqs.get(workItem.id),
      });
    }
  }
}

/** What a stored batch tells the rest: the posts stored, and each work item opened or joined. */
export function ingestEvents(workspaceId: string, result: IngestResult, sourceId?: string): NewEvent[] {
  if (result.stored.length === 0) return [];
  return [
    newEvent("posts.stored", workspaceId, {
      postIds: result.stored.map((p) => p.id),
      ...(sourceId ? { sourceId } : {}),
    }),
    ...workItemEvents(workspaceId, result.workItems),
  ];
}

/** Each work item a batch (or an edit) opened, reopened or joined, as its event. */
export function workItemEvents(workspaceId: string, workItems: IngestResult["workItems"]): NewEvent[] {
  return workItems.map((w) =>
    w.created
      ? newEvent("work_item.opened", workspaceId, { workItemId: w.id })
      : w.reopenedBy
        ? // Reopened by the customer: no one moved it, so no actor.
          newEvent("work_item.moved", workspaceId, {
            workItemId: w.id,
            from: "handled",
            to: "new",
            actorUserId: null,
          })
        : newEvent("work_item.updated", workspaceId, { workItemId: w.id }),
  );
}

/** A resolved item the customer's post reopened: its history says so, in the batch's transaction. */
export async function recordReopens(
  tx: Store,
  workspaceId: string,
  result: Pick<IngestResult, "workItems">,
): Promise<void> {
  for (const w of result.workItems) {
    if (!w.reopenedBy) continue;
    await tx.audit.record({
      workspaceId,
      actorUserId: null,
      action: "work_item.reopened",
      subjectType: "work_item",
      subjectId: w.id,
      detail: { by: "customer_post", postId: w.reopenedBy, from: "handled", to: "new" },
    });
  }
}

/**
 * Edits and deletions at the source, in the transaction of the batch that told them (after its
 * posts are stored): edited posts take their new text and triage (`posts.revise`: a post that now
 * needs the brand opens or joins its conversation's work item, the rollups follow the new labels),
 * withdrawn ones lose what they said; each change is noted in the audit log on its work item
 * (else on the post), and every work item touched is announced.
 */
export async function applySourceChanges(
  tx: Store,
  change: {
    workspaceId: string;
    platform: string;
    sourceId: string;
    /** Edited posts with the triage of their new text (`IngestPipeline.triage`). */
    revisions: readonly IngestItem[];
    withdrawn: readonly string[];
    at: Date;
  },
): Promise<SourceChangesResult> {
  const { workspaceId, platform, sourceId, at } = change;
  const { changed, workItems } = await tx.posts.revise(
    workspaceId,
    platform,
    change.revisions.map(({ post, analysis, campaignIds }) => ({
      platformId: post.platformId,
      text: post.text,
      ...(post.language ? { language: post.language } : {}),
      raw: post.raw,
      analysis,
      campaignIds,
    })),
    at,
  );
  const note = (action: string, c: { postId: string; platformId: string; workItemId: string | null }) =>
    tx.audit.record({
      workspaceId,
      actorUserId: null,
      action,
      subjectType: c.workItemId ? "work_item" : "post",
      subjectId: c.workItemId ?? c.postId,
      detail: { postId: c.postId, platformId: c.platformId, sourceId },
    });
  for (const c of changed) await note("post.edited", c);
  await recordReopens(tx, workspaceId, { workItems });
  // Items whose post changed show its new text and labels; those the edits opened say so instead.
  const told = new Set(workItems.map((w) => w.id));
  const updated = [
    ...new Set(changed.flatMap((c) => (c.workItemId && !told.has(c.workItemId) ? [c.workItemId] : []))),
  ];
  const events = [
    ...workItemEvents(workspaceId, workItems),
    ...updated.map((workItemId) => newEvent("work_item.updated", workspaceId, { workItemId })),
  ];
  const seqs = new Map<string, number>();
  if (events.length > 0) {
    const written = await tx.events.append(events);
    written.forEach((w, i) => {
      const id = workItemIdOf(events[i]!);
      if (id) seqs.set(id, w.seq);
    });
  }
  const withdrawn = await tx.posts.withdraw(workspaceId, platform, change.withdrawn);
  for (const w of withdrawn) await note("post.withdrawn", w);
  return {
    workItems: [
      ...workItems.map((w) => ({ id: w.id, created: w.created })),
      ...updated.map((id) => ({ id, created: false })),
    ],
    seqs,
  };
}

/** The work items edits touched, for the live views once they commit (`IngestPipeline.announce`). */
export interface SourceChangesResult {
  workItems: { id: string; created: boolean }[];
  seqs: Map<string, number>;
}

function handleKind(platform: string, handle: string, context: WorkspaceContext): AuthorKind {
  if (context.authorKind) return context.authorKind(platform, handle);
  return context.brandHandles.includes(handle.toLowerCase()) ? "brand" : "other";
}

function kindOf(post: NormalizedPost, context: WorkspaceContext): AuthorKind {
  return handleKind(post.platform, post.author.handle, context);
}

/**
 * The handles that say "the brand" to the analysis. One the brand holds on another platform only
 * is someone else's here: left out, the analysis does not take its author for the brand.
 */
function brandHandlesFor(post: NormalizedPost, context: WorkspaceContext): string[] {
  const handle = post.author.handle.toLowerCase();
  if (post.author.isBrand || !context.brandHandles.includes(handle)) return context.brandHandles;
  return context.brandHandles.filter((h) => h !== handle);
}

/** A post by one of the brand's handles on its platform is the brand's, whatever the source said. */
function asBrand(post: NormalizedPost, context: WorkspaceContext): NormalizedPost {
  if (post.author.isBrand || kindOf(post, context) !== "brand") return post;
  return { ...post, author: { ...post.author, isBrand: true } };
}

/**
 * A quote of one of the brand's posts is a mention of the brand: the quoted post's author is one
 * of its handles on the platform, or one of its stored accounts. It is kept without a campaign
 * match (as the brand's own posts are), names the handle among its mentions, and the analysis
 * reads it as addressed to the brand.
 */
function quotingBrand(post: NormalizedPost, context: WorkspaceContext): NormalizedPost {
  const quoted = post.quotes;
  if (!quoted || quoted.isBrand !== undefined) return post;
  const byHandle =
    quoted.authorHandle && handleKind(post.platform, quoted.authorHandle, context) === "brand"
      ? quoted.authorHandle
      : undefined;
  const byAccount = quoted.authorPlatformId
    ? context.brandAccounts?.get(`${post.platform}\u0000${quoted.authorPlatformId}`)
    : undefined;
  const handle = byHandle ?? byAccount;
  if (!handle) return post;
  const lower = handle.toLowerCase();
  return {
    ...post,
    quotes: { ...quoted, authorHandle: handle, isBrand: true },
    mentions: post.mentions.includes(lower) ? post.mentions : [...post.mentions, lower],
  };
}

/**
 * An employee's personal account is not a customer: its posts are stored and analysed but open
 * no work item. Nor is it the brand speaking, so it does not answer a conversation either.
 */
function judgeAuthor(post: NormalizedPost, analysis: Analysis, context: WorkspaceContext): Analysis {
  if (!analysis.needsBrand || post.author.isBrand || kindOf(post, context) !== "employee") return analysis;
  return { ...analysis, needsBrand: false, explanation: `${analysis.explanation}; posted by an employee` };
}

/**
 * A post every one of whose campaigns has a trusted relevance filter judging it irrelevant is kept
 * but opens no work item: agents taught the campaigns that posts like it are noise.
 */
function judgeRelevance(
  text: string,
  campaignIds: string[],
  analysis: Analysis,
  context: WorkspaceContext,
): Analysis {
  if (!analysis.needsBrand || campaignIds.length === 0) return analysis;
  const filters = campaignIds.map((id) => context.relevance.get(id));
  if (filters.some((f) => f === undefined || f.isRelevant(text))) return analysis;
  return {
    ...analysis,
    needsBrand: false,
    explanation: `${analysis.explanation}; judged irrelevant by the campaigns' relevance filters`,
  };
}

/**
 * The ingest pipeline: dedupe → match campaigns → analyze → store (one transaction per batch) →
 * live events after commit. A bounded number of posts may wait; past it `submit` waits, so a slow
 * store slows the sources instead of growing memory. Batches run one at a time.
 */
import type { AnalysisInput, Analyzer } from "../domain/analysis.ts";
import type { NormalizedPost } from "../domain/post.ts";
import type { Bus } from "../bus/index.ts";
import { metrics } from "../metrics.ts";
import type { IngestItem, Store } from "../store/index.ts";
import { PostDeduper } from "./dedupe.ts";

export interface CampaignMatch {
  match(post: NormalizedPost, language?: string): string[];
}

/** What the pipeline needs to know about a workspace; cached, and refreshed when campaigns change. */
export interface WorkspaceContext {
  brandHandles: string[];
  matcher: CampaignMatch;
}

export interface SubmitOptions {
  /** Drop posts that match no campaign (listening sources); imports and direct channels keep all. */
  requireMatch?: boolean;
}

export interface SubmitResult {
  stored: number;
  duplicates: number;
  unmatched: number;
}

export interface PipelineOptions {
  store: Store;
  bus: Bus;
  analyzer: Analyzer;
  contextFor(workspaceId: string): Promise<WorkspaceContext>;
  /** Posts per store transaction. */
  batchSize?: number;
  /** Posts that may wait before `submit` blocks. */
  capacity?: number;
  now?: () => number;
}

export class IngestPipeline {
  private readonly opts: Required<Omit<PipelineOptions, "now">> & { now: () => number };
  private queued = 0;
  private tail: Promise<unknown> = Promise.resolve();
  private waiters: (() => void)[] = [];
  // A fast pre-filter for re-deliveries; the store's unique key remains the final word.
  private deduper = new PostDeduper({ capacity: 200_000 });

  constructor(options: PipelineOptions) {
    this.opts = { batchSize: 500, capacity: 5000, now: Date.now, ...options };
  }

  /** Stores the posts (in batches) and resolves once all of them are committed. */
  async submit(workspaceId: string, posts: NormalizedPost[], options: SubmitOptions = {}): Promise<SubmitResult> {
    while (this.queued > 0 && this.queued + posts.length > this.opts.capacity) {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
    this.queued += posts.length;
    const run = this.tail.then(() => this.process(workspaceId, posts, options));
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

  private async process(workspaceId: string, posts: NormalizedPost[], options: SubmitOptions): Promise<SubmitResult> {
    const total: SubmitResult = { stored: 0, duplicates: 0, unmatched: 0 };
    const context = await this.opts.contextFor(workspaceId);
    for (let i = 0; i < posts.length; i += this.opts.batchSize) {
      const started = performance.now();
      const items: IngestItem[] = [];
      let seen = 0;
      for (const post of posts.slice(i, i + this.opts.batchSize)) {
        if (this.deduper.isDuplicate(post)) {
          seen += 1;
          continue;
        }
        const campaignIds = context.matcher.match(post, post.language);
        // The brand's own posts always belong: they are the answers in its conversations.
        if (options.requireMatch && campaignIds.length === 0 && !post.author.isBrand) {
          total.unmatched += 1;
          continue;
        }
        items.push({ post, campaignIds, analysis: this.opts.analyzer.analyze(this.analysisInput(post, context)) });
      }
      total.duplicates += seen;
      if (items.length === 0) continue;
      let result: Awaited<ReturnType<Store["ingest"]>>;
      try {
        result = await this.opts.store.transaction((tx) => tx.ingest(workspaceId, items));
      } catch (err) {
        // The batch was not stored: forget what the pre-filter remembered so a retry is not skipped.
        this.deduper = new PostDeduper({ capacity: 200_000 });
        throw err;
      }
      total.stored += result.stored.length;
      total.duplicates += result.duplicates;
      for (const s of result.stored) metrics.postsStored.inc({ platform: s.platform });
      metrics.postsDuplicate.inc({}, result.duplicates + seen);
      metrics.ingestBatchSeconds.observe((performance.now() - started) / 1000);
      await this.announce(workspaceId, result.workItems);
    }
    metrics.postsDropped.inc({}, total.unmatched);
    return total;
  }

  private analysisInput(post: NormalizedPost, context: WorkspaceContext): AnalysisInput {
    return {
      text: post.text,
      platform: post.platform,
      author: {
        handle: post.author.handle,
        followers: post.author.followers,
        verified: post.author.verified,
        isBrand: post.author.isBrand || context.brandHandles.includes(post.author.handle.toLowerCase()),
      },
      replyToHandle: post.replyToHandle?.toLowerCase(),
      brandHandles: context.brandHandles,
      channel: post.channel,
      ageMinutes: Math.max(0, (this.opts.now() - post.createdAt.getTime()) / 60_000),
    };
  }

  /** Live events go out after the batch commits, so a screen that re-reads sees the new rows. */
  private async announce(workspaceId: string, workItems: { id: string; created: boolean }[]): Promise<void> {
    if (workItems.length === 0) return;
    const created = new Set(workItems.filter((w) => w.created).map((w) => w.id));
    metrics.workItemsOpened.inc({}, created.size);
    const views = await this.opts.store.views.workItems(workspaceId, {
      ids: workItems.map((w) => w.id),
      limit: workItems.length,
    });
    for (const workItem of views) {
      await this.opts.bus.publish({
        type: created.has(workItem.id) ? "work_item.created" : "work_item.updated",
        workspaceId,
        workItem,
      });
    }
  }
}

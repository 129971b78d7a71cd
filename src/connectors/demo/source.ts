/**
 * The demo generator as a source under the connector contract: a seeded stream of posts about
 * Lumen Mobile, a backlog first and then `ratePerSecond`, marked as demo data. The cursor is the
 * number of posts generated, so after a restart the same seed resumes where it stopped and
 * nothing is generated twice.
 */
import { z } from "zod";
import type { NormalizedPost } from "../../domain/post.ts";
import type { Batch, Connector, ConnectorKind } from "../contract.ts";
import { DEMO_BRAND } from "./brand.ts";
import { createDemoGenerator, type DemoGenerator } from "./generator.ts";

export const demoSettings = z
  .object({
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1),
    /** Posts per second after the backlog; 0 stops after it. */
    ratePerSecond: z.number().min(0).max(10_000).default(0.5),
    backlog: z.number().int().min(0).max(100_000).default(40),
    /** Stop after this many posts in all (tests and benchmarks); none when absent. */
    limit: z.number().int().min(1).optional(),
  })
  .strict();

export type DemoSettings = z.infer<typeof demoSettings>;

const MAX_BATCH = 500;

export function demoConnector(settings: DemoSettings): Connector {
  let generator: DemoGenerator | null = null;
  let made = 0;
  let lastPull: number | null = null;

  const seek = (count: number) => {
    // Generated posts depend on the ones before them: replay up to the cursor.
    generator = createDemoGenerator({ seed: settings.seed });
    for (let i = 0; i < count; i++) generator.next();
    made = count;
  };

  return {
    async pull(cursor, { clock }): Promise<Batch> {
      const start = cursor === null ? 0 : Number(cursor);
      if (!generator || start !== made) seek(start);
      const now = clock.now();
      const elapsed = lastPull === null ? 0 : Math.max(0, now - lastPull);
      lastPull = now;
      let want =
        start < settings.backlog
          ? settings.backlog - start
          : Math.floor((elapsed / 1000) * settings.ratePerSecond + Math.random());
      if (settings.limit !== undefined) want = Math.min(want, settings.limit - start);
      want = Math.max(0, Math.min(want, MAX_BATCH));
      const posts: NormalizedPost[] = [];
      for (let i = 0; i < want; i++) posts.push({ ...generator!.next(), createdAt: new Date(now) });
      made += want;
      const done = settings.limit !== undefined && made >= settings.limit;
      // Fast paces come in batches of a fifth of a second, not one post per transaction.
      const interval =
        settings.ratePerSecond > 0 ? Math.min(1000, Math.max(200, 1000 / settings.ratePerSecond)) : 60_000;
      return {
        posts,
        rejects: [],
        cursor: String(made),
        newestAt: posts.length > 0 ? new Date(now) : undefined,
        idleMs: want === MAX_BATCH ? 0 : done ? 60_000 : interval,
      };
    },
    // The demo network answers at once: the reply becomes the brand's post in the thread, its id
    // taken from the idempotency key, so the same reply sent again is the same post.
    async send(reply) {
      return {
        platformId: `reply-${reply.idempotencyKey}`,
        author: {
          platformId: DEMO_BRAND.handles.support,
          handle: DEMO_BRAND.handles.support,
          name: DEMO_BRAND.name,
        },
      };
    },
  };
}

export const demoKind: ConnectorKind<DemoSettings> = {
  kind: "demo",
  label: "Demo generator",
  platform: "demo",
  mode: "poll",
  // A listening source: the demo's campaigns decide what is kept, as on a real network.
  requireMatch: true,
  settings: demoSettings,
  credentials: [],
  replies: { public: true, private: true, maxLength: 500 },
  create: (source) => demoConnector(source.settings),
};

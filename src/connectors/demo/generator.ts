/**
 * Realistic posts about Lumen Mobile for the demo workspace: templates × slots in five languages,
 * complaints to praise to spam, influencers, an angry repeat poster, and support replies forming
 * threads. The same seed always yields the same posts and ids.
 */
import type { NormalizedPost } from "../../domain/post.ts";
import { normalizePost } from "../../pipeline/normalize.ts";
import { ANGRY_AUTHOR, type DemoAuthor, INFLUENCERS, ordinaryAuthor } from "./authors.ts";
import { DEMO_BRAND } from "./brand.ts";
import { LANGUAGE_PACKS } from "./languages/index.ts";
import type { DemoIntent, LanguagePack } from "./languages/types.ts";
import { createRandom, type Random } from "./random.ts";
import { fillTemplate } from "./template.ts";

export interface DemoGeneratorOptions {
  seed: number;
  /** Creation time of the first post; later ones follow at random intervals. Default: now. */
  startTime?: Date;
}

export interface DemoStreamOptions {
  ratePerSecond: number;
  signal?: AbortSignal;
}

export interface DemoGenerator {
  next(): NormalizedPost;
  /** Posts paced in real time; each is stamped with the wall-clock time it is emitted. */
  stream(options: DemoStreamOptions): AsyncGenerator<NormalizedPost>;
}

const INTENT_WEIGHTS: [DemoIntent, number][] = [
  ["complaint", 0.3],
  ["question", 0.2],
  ["praise", 0.12],
  ["purchase_intent", 0.1],
  ["feedback", 0.08],
  ["spam", 0.08],
  ["other", 0.12],
];

const AUTHOR_POOL = 4000;
const MEAN_INTERVAL_MS = 1500;

function weightedIntent(random: Random): DemoIntent {
  let r = random.next();
  for (const [intent, weight] of INTENT_WEIGHTS) {
    r -= weight;
    if (r < 0) return intent;
  }
  return "complaint";
}

type ReplyKind = keyof LanguagePack["replies"];

/** What the brand answers: help with a problem, thanks for kind words, or an offer. */
export function replyKind(intent: DemoIntent): ReplyKind {
  if (intent === "praise" || intent === "feedback") return "thanks";
  if (intent === "purchase_intent") return "sales";
  return "help";
}

interface Recent {
  id: string;
  handle: string;
  language: string;
  intent: DemoIntent;
  /** The customer the thread is with. */
  customer: DemoAuthor;
}

export function createDemoGenerator(options: DemoGeneratorOptions): DemoGenerator {
  const random = createRandom(options.seed);
  const prefix = `s${(options.seed >>> 0).toString(36)}`;
  const authors = new Map<number, DemoAuthor>();
  // Recent customer posts the support account may answer, and its answers customers may reply to.
  const awaitingBrand: Recent[] = [];
  const brandAnswers: Recent[] = [];
  let clock = (options.startTime ?? new Date()).getTime();
  let counter = 0;
  let angryLast: string | undefined;

  const author = (): DemoAuthor => {
    const index = random.int(AUTHOR_POOL);
    let a = authors.get(index);
    if (!a) {
      a = ordinaryAuthor(createRandom(options.seed ^ (index * 2654435761)), index);
      authors.set(index, a);
    }
    return a;
  };

  const build = (
    a: DemoAuthor,
    text: string,
    extra: { intent: DemoIntent; replyTo?: Recent; isBrand?: boolean; replyKind?: ReplyKind },
  ) => {
    counter++;
    clock += Math.round(-Math.log(1 - random.next()) * MEAN_INTERVAL_MS);
    const id = `${prefix}-${counter}`;
    const post = normalizePost({
      platform: "demo",
      platformId: id,
      url: `https://demo.invalid/${a.handle}/posts/${id}`,
      text,
      createdAt: new Date(clock),
      author: { ...a, isBrand: extra.isBrand ?? false },
      ...(random.chance(0.7) ? { language: a.language } : {}),
      ...(extra.replyTo ? { replyToPlatformId: extra.replyTo.id, replyToHandle: extra.replyTo.handle } : {}),
      raw: {
        generator: "lumen-demo",
        seed: options.seed,
        intent: extra.intent,
        language: a.language,
        ...(extra.replyKind ? { replyKind: extra.replyKind } : {}),
      },
      demo: true,
    });
    return post;
  };

  const remember = (list: Recent[], item: Recent): void => {
    list.push(item);
    if (list.length > 50) list.shift();
  };

  const brandReply = (): NormalizedPost | undefined => {
    const target = awaitingBrand.splice(random.int(awaitingBrand.length), 1)[0];
    if (!target) return undefined;
    const pack = LANGUAGE_PACKS[target.language] ?? LANGUAGE_PACKS.en!;
    const text = random.pick(pack.replies[replyKind(target.intent)]).replace("{user}", target.handle);
    const support: DemoAuthor = {
      platformId: "demo-brand-support",
      handle: DEMO_BRAND.handles.support,
      name: `${DEMO_BRAND.name} Help`,
      followers: 48_200,
      verified: true,
      language: target.language,
    };
    const post = build(support, text, {
      intent: "other",
      replyTo: target,
      isBrand: true,
      replyKind: replyKind(target.intent),
    });
    remember(brandAnswers, { ...target, id: post.platformId, handle: support.handle });
    return post;
  };

  const customerPost = (
    a: DemoAuthor,
    pack: LanguagePack,
    intent: DemoIntent,
    template: string,
    replyTo?: Recent,
  ) => {
    const post = build(a, fillTemplate(template, pack, random, intent), {
      intent,
      ...(replyTo ? { replyTo } : {}),
    });
    if (intent !== "spam" && intent !== "other" && random.chance(0.5)) {
      remember(awaitingBrand, {
        id: post.platformId,
        handle: a.handle,
        language: pack.language,
        intent,
        customer: a,
      });
    }
    return post;
  };

  const next = (): NormalizedPost => {
    const roll = random.next();
    if (roll < 0.1) {
      const reply = brandReply();
      if (reply) return reply;
    }
    if (roll < 0.15) {
      const pack = LANGUAGE_PACKS[ANGRY_AUTHOR.language]!;
      const replyTo: Recent | undefined =
        angryLast && random.chance(0.3)
          ? {
              id: angryLast,
              handle: ANGRY_AUTHOR.handle,
              language: "en",
              intent: "complaint",
              customer: ANGRY_AUTHOR,
            }
          : undefined;
      const post = customerPost(ANGRY_AUTHOR, pack, "complaint", random.pick(pack.angry), replyTo);
      angryLast = post.platformId;
      return post;
    }
    if (roll < 0.16) {
      const a = random.pick(INFLUENCERS);
      const intent = random.chance(0.6) ? "complaint" : "praise";
      const pack = LANGUAGE_PACKS[a.language]!;
      return customerPost(a, pack, intent, random.pick(pack.templates[intent]));
    }
    if (roll < 0.2 && brandAnswers.length > 0) {
      // A customer answers the support account in the thread it started.
      const answer = brandAnswers.splice(random.int(brandAnswers.length), 1)[0]!;
      const pack = LANGUAGE_PACKS[answer.language] ?? LANGUAGE_PACKS.en!;
      const intent = answer.intent === "complaint" ? "complaint" : "praise";
      const template = intent === "complaint" ? random.pick(pack.angry) : random.pick(pack.templates.praise);
      return customerPost(answer.customer, pack, intent, template, answer);
    }
    const a = author();
    const pack = LANGUAGE_PACKS[a.language]!;
    const intent = weightedIntent(random);
    return customerPost(a, pack, intent, random.pick(pack.templates[intent]));
  };

  async function* stream({ ratePerSecond, signal }: DemoStreamOptions): AsyncGenerator<NormalizedPost> {
    const interval = 1000 / ratePerSecond;
    let due = Date.now();
    while (!signal?.aborted) {
      const wait = due - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      if (signal?.aborted) return;
      yield { ...next(), createdAt: new Date() };
      due += interval;
    }
  }

  return { next, stream };
}

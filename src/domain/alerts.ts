/**
 * Alert rules and what an alert says. A rule watches one thing: a label value (`tag`), a VIP
 * author (`vip`), words or phrases (`keyword`), a count of distinct authors in a window
 * (`threshold`) or the spike detector (`spike`), and tells its channels: a signed webhook, email
 * addresses, or a chat tool's incoming webhook. A quiet period keeps a rule from alerting twice
 * within it; what it holds back is stored as suppressed and counted on the next alert. Pure.
 */
import { z } from "zod";
import { emailAddress } from "./emailAddress.ts";
import { foldCase, needsFold, sameFolded } from "./foldCase.ts";
import { explainSpike } from "./insight/spikes.ts";
import { splitWords } from "./matchTokens.ts";

export const ALERT_KINDS = ["tag", "vip", "keyword", "threshold", "spike"] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];
/** Per-post rules are judged on every stored batch; window rules every few minutes over the rollups. */
export const POST_KINDS: ReadonlySet<AlertKind> = new Set(["tag", "vip", "keyword"]);

export const TAG_LABELS = ["intent", "topic", "sentiment", "language", "platform"] as const;
export const THRESHOLD_DIMENSIONS = [
  "total",
  "intent",
  "topic",
  "sentiment",
  "platform",
  "language",
] as const;
export const SPIKE_DIMENSIONS = ["topic", "intent", "sentiment"] as const;

const label = z.string().trim().min(1).max(100);
const phrase = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .refine((p) => splitWords(p).length > 0, "A keyword needs at least one letter or digit");

export const alertCondition = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("tag"), label: z.enum(TAG_LABELS), value: label }).strict(),
  z.object({ kind: z.literal("vip") }).strict(),
  z.object({ kind: z.literal("keyword"), keywords: z.array(phrase).min(1).max(50) }).strict(),
  z
    .object({
      kind: z.literal("threshold"),
      /** `total` counts every post; else the bucket of `value` in this dimension. */
      dimension: z.enum(THRESHOLD_DIMENSIONS),
      value: label.nullable().default(null),
      /** The window ends with the current hour and spans this many hours. */
      windowHours: z.number().int().min(1).max(168),
      /** Alerts when the window's distinct authors exceed this. */
      authors: z.number().int().min(1).max(1_000_000),
    })
    .strict()
    .refine((c) => (c.dimension === "total") === (c.value === null), {
      message: "A threshold on a dimension names its value; one on the total names none",
      path: ["value"],
    }),
  z
    .object({
      kind: z.literal("spike"),
      dimension: z.enum(SPIKE_DIMENSIONS),
      /** One value of the dimension, or null for any. */
      value: label.nullable().default(null),
    })
    .strict(),
]);
export type AlertCondition = z.output<typeof alertCondition>;

const url = z.string().trim().min(1).max(2000);
export const alertChannel = z.discriminatedUnion("type", [
  z.object({ type: z.literal("webhook"), url }).strict(),
  z.object({ type: z.literal("email"), to: z.array(emailAddress).min(1).max(20) }).strict(),
  z.object({ type: z.literal("chat"), url }).strict(),
]);
export type AlertChannel = z.output<typeof alertChannel>;

export const alertRuleInput = z
  .object({
    name: z.string().trim().min(1).max(200),
    enabled: z.boolean().default(true),
    condition: alertCondition,
    channels: z.array(alertChannel).min(1).max(10),
    /** No second alert of the rule within this many minutes of the last one (0: none). */
    quietMinutes: z
      .number()
      .int()
      .min(0)
      .max(7 * 24 * 60)
      .default(60),
    /** Lets webhook and chat URLs reach private addresses (an intranet chat server). */
    allowPrivateNetwork: z.boolean().default(false),
    /** A new signing secret replaces the old one (on an update). */
    rotateSecret: z.boolean().optional(),
  })
  .strict();
export type AlertRuleInput = z.output<typeof alertRuleInput>;

/** What a per-post rule needs of a post. */
export interface AlertPost {
  id: string;
  text: string;
  authorId: string;
  authorHandle: string;
  intent: string;
  topic: string | null;
  sentiment: string;
  language: string | null;
  platform: string;
  /** On a campaign's VIP list or linked to a customer of the VIP tier. */
  vip: boolean;
}

/** Whether the words of `phrase` appear in `words` one after another. */
function containsPhrase(words: readonly string[], phrase: readonly string[]): boolean {
  if (phrase.length === 0) return false;
  outer: for (let i = 0; i + phrase.length <= words.length; i++) {
    for (let j = 0; j < phrase.length; j++) if (words[i + j] !== phrase[j]) continue outer;
    return true;
  }
  return false;
}

/** A text's words as campaigns split them, each case-folded (`foldCase`). */
function foldedWords(text: string): string[] {
  // The tokenizer lower-cases, which is the whole fold for printable ASCII.
  return splitWords(needsFold(text) ? foldCase(text) : text);
}

/**
 * The keywords of a rule a text holds: words as campaigns split them, compared case-insensitively
 * (`foldCase`: "RÜCKERSTATTUNG" is "Rückerstattung"), punctuation and spacing aside, a phrase's
 * words in order; accents count.
 */
export function matchedKeywords(text: string, keywords: readonly string[]): string[] {
  const words = foldedWords(text);
  return keywords.filter((k) => containsPhrase(words, foldedWords(k)));
}

/** Whether a per-post rule matches a post; the keywords it matched, for the alert's why. */
export function matchPost(condition: AlertCondition, post: AlertPost): { terms: string[] } | null {
  switch (condition.kind) {
    case "tag": {
      const have = post[condition.label];
      return have !== null && sameFolded(have, condition.value) ? { terms: [] } : null;
    }
    case "vip":
      return post.vip ? { terms: [] } : null;
    case "keyword": {
      const terms = matchedKeywords(post.text, condition.keywords);
      return terms.length > 0 ? { terms } : null;
    }
    default:
      return null;
  }
}

/** Why an alert fired: what the channels and the alerts page show. */
export interface AlertWhy {
  summary: string;
  topTerms: { term: string; authors: number }[];
  topAuthors: { handle: string; posts: number }[];
  topPosts: { id: string; text: string; authorHandle: string }[];
  /** Window rules: the distinct authors counted, and the threshold or usual level they beat. */
  authors?: number;
  threshold?: number;
  usual?: number;
  ratio?: number;
  score?: number;
  windowStart?: string;
  windowEnd?: string;
}

/** Whether a rule that last alerted at `lastFiredAt` is still quiet at `now`. */
export function inQuietPeriod(lastFiredAt: Date | null, quietMinutes: number, now: Date): boolean {
  return lastFiredAt !== null && now.getTime() - lastFiredAt.getTime() < quietMinutes * 60_000;
}

/** Text for a chat tool that reads Slack's markup: `&`, `<` and `>` escaped, so post text is never a link or a mention. */
export function escapeChat(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

export interface AlertMessage {
  ruleName: string;
  firedAt: Date;
  why: AlertWhy;
  suppressed: number;
  /** Where the alert is seen in Parley, when its address is known. */
  link: string | null;
}

function lines(m: AlertMessage, quote: (s: string) => string): string[] {
  const out = [`Parley alert: ${quote(m.ruleName)}`, quote(m.why.summary)];
  if (m.suppressed > 0) out.push(`${m.suppressed} more held back by the quiet period since the last alert`);
  if (m.why.topTerms.length)
    out.push(`Top terms: ${m.why.topTerms.map((t) => `${quote(t.term)} (${t.authors})`).join(", ")}`);
  if (m.why.topAuthors.length)
    out.push(`Top authors: ${m.why.topAuthors.map((a) => `${quote(a.handle)} (${a.posts})`).join(", ")}`);
  for (const p of m.why.topPosts.slice(0, 3)) {
    const text = p.text.length > 280 ? `${p.text.slice(0, 279)}…` : p.text;
    out.push(`• ${quote(p.authorHandle)}: ${quote(text.replace(/\s+/g, " "))}`);
  }
  if (m.link) out.push(m.link);
  return out;
}

/** The chat webhook's body: `{"text": …}` with every piece of outside text escaped. */
export function chatPayload(m: AlertMessage): { text: string } {
  return { text: lines(m, escapeChat).join("\n") };
}

/** The email's subject and plain-text body (no HTML part: post text is never markup). */
export function emailContent(m: AlertMessage): { subject: string; text: string } {
  const subject = `Parley alert: ${m.ruleName}`.replace(/[\r\n]+/g, " ").slice(0, 200);
  return { subject, text: `${lines(m, (s) => s).join("\n")}\n` };
}

/** A rule's condition in words, for lists and alert summaries. */
export function describeCondition(c: AlertCondition): string {
  switch (c.kind) {
    case "tag":
      return `${c.label} is ${c.value}`;
    case "vip":
      return "a VIP author posts";
    case "keyword":
      return `mentions ${c.keywords.map((k) => `"${k}"`).join(", ")}`;
    case "threshold":
      return `more than ${c.authors} distinct authors${c.value === null ? "" : ` with ${c.dimension} ${c.value}`} in ${c.windowHours} h`;
    case "spike":
      return `a spike in ${c.dimension}${c.value === null ? "" : ` ${c.value}`}`;
  }
}

export interface WhyPost {
  id: string;
  text: string;
  authorId: string;
  authorHandle: string;
  postedAt: Date;
}

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? "" : "s"}`;

/**
 * Why a per-post rule fired on a batch: how many posts and authors matched, the words (a keyword
 * rule's own keywords, else the words most authors used), the authors and some posts.
 */
export function postAlertWhy(
  condition: AlertCondition,
  matched: readonly { post: WhyPost; terms: readonly string[] }[],
): AlertWhy {
  const reason = explainSpike(matched.map((m) => m.post));
  const authors = new Set(matched.map((m) => m.post.authorId)).size;
  let topTerms = reason.topTerms;
  if (condition.kind === "keyword") {
    const by = new Map<string, Set<string>>();
    for (const m of matched)
      for (const t of m.terms) {
        const set = by.get(t) ?? new Set<string>();
        set.add(m.post.authorId);
        by.set(t, set);
      }
    topTerms = [...by]
      .map(([term, set]) => ({ term, authors: set.size }))
      .sort((a, b) => b.authors - a.authors || a.term.localeCompare(b.term));
  }
  return {
    summary: `${plural(matched.length, "post")} by ${plural(authors, "author")}: ${describeCondition(condition)}`,
    topTerms,
    topAuthors: reason.topAuthors,
    topPosts: reason.topPosts,
    authors,
  };
}

/** What a client sends to create or replace a rule (defaults filled in by the server). */
export type AlertRuleRequest = z.input<typeof alertRuleInput>;

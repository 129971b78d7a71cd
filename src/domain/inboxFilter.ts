/**
 * Narrowing the inbox: by platform, channel, language, intent, sentiment and urgency, and by words
 * of the post or its author's handle. The server turns a filter into SQL; the web app tests live
 * arrivals against the same filter with `matchesInboxFilter`, so a row arriving live lands only
 * where a reload would show it.
 *
 * Intent and sentiment are the ones shown: an agent's correction wins over the model's label.
 * Pure and free of dependencies, so the web app bundles it as it is.
 */
import { INTENTS, SENTIMENTS, URGENCIES } from "./analysis.ts";
import { PLATFORMS } from "./post.ts";

/** At most this many words in a search: each one must be found. */
export const MAX_SEARCH_WORDS = 8;
const MAX_WORD_LENGTH = 60;

/** The fields of a filter as a query string names them, with the values each may take. */
export const INBOX_FILTER_FIELDS = {
  platform: PLATFORMS,
  channel: ["public", "private"],
  intent: INTENTS,
  sentiment: SENTIMENTS,
  urgency: URGENCIES,
} as const;

/** A language as the filter takes it: an ISO 639 code. */
export const LANGUAGE_CODE = /^[a-z]{2,3}$/;

/** The filter's parameters in a query string, as text (`intent=complaint,question`, `q=refund`). */
export interface InboxFilterParams {
  platform?: string;
  channel?: string;
  language?: string;
  intent?: string;
  sentiment?: string;
  urgency?: string;
  q?: string;
}

export const INBOX_FILTER_PARAMS = [
  "platform",
  "channel",
  "language",
  "intent",
  "sentiment",
  "urgency",
  "q",
] as const;

export interface InboxFilter {
  platforms?: string[];
  channel?: "public" | "private";
  languages?: string[];
  intents?: string[];
  sentiments?: string[];
  urgencies?: string[];
  /** Lower-cased words, each to be found. */
  words?: string[];
}

/** The words of a search: lower-cased, at most MAX_SEARCH_WORDS, none empty or overlong. */
export function searchWords(q: string | undefined): string[] {
  if (!q) return [];
  const words = q
    .toLowerCase()
    .split(/\s+/u)
    .map((w) => w.replace(/^@/, ""))
    .filter((w) => w.length > 0)
    .map((w) => w.slice(0, MAX_WORD_LENGTH));
  return [...new Set(words)].slice(0, MAX_SEARCH_WORDS);
}

const list = (s: string | undefined) => (s ? [...new Set(s.split(",").filter(Boolean))] : []);
const only = <T extends string>(values: readonly T[], given: string[]) =>
  given.filter((v): v is T => (values as readonly string[]).includes(v));

/**
 * From query-string parameters to the filter the store applies; undefined when it narrows nothing.
 * Values outside the lists are dropped here (the API refuses them before this is reached).
 */
export function inboxFilterOf(params: InboxFilterParams): InboxFilter | undefined {
  const filter: InboxFilter = {};
  const platforms = only(INBOX_FILTER_FIELDS.platform, list(params.platform));
  if (platforms.length) filter.platforms = platforms;
  if (params.channel === "public" || params.channel === "private") filter.channel = params.channel;
  const languages = list(params.language).filter((l) => LANGUAGE_CODE.test(l));
  if (languages.length) filter.languages = languages;
  const intents = only(INBOX_FILTER_FIELDS.intent, list(params.intent));
  if (intents.length) filter.intents = intents;
  const sentiments = only(INBOX_FILTER_FIELDS.sentiment, list(params.sentiment));
  if (sentiments.length) filter.sentiments = sentiments;
  const urgencies = only(INBOX_FILTER_FIELDS.urgency, list(params.urgency));
  if (urgencies.length) filter.urgencies = urgencies;
  const words = searchWords(params.q);
  if (words.length) filter.words = words;
  return Object.keys(filter).length ? filter : undefined;
}

/** What the matcher reads of a work item's latest post. */
export interface FilterablePost {
  platform: string;
  channel: string;
  language: string | null;
  text: string;
  author: { handle: string };
  analysis: { intent: { label: string }; sentiment: { label: string }; urgency: { level: string } } | null;
  correction: { intent?: string; sentiment?: string } | null;
}

export function matchesInboxFilter(post: FilterablePost, filter: InboxFilter | undefined): boolean {
  if (!filter) return true;
  const intent = post.correction?.intent ?? post.analysis?.intent.label;
  const sentiment = post.correction?.sentiment ?? post.analysis?.sentiment.label;
  const urgency = post.analysis?.urgency.level;
  if (filter.platforms && !filter.platforms.includes(post.platform)) return false;
  if (filter.channel && post.channel !== filter.channel) return false;
  if (filter.languages && !filter.languages.includes(post.language ?? "")) return false;
  if (filter.intents && !filter.intents.includes(intent ?? "")) return false;
  if (filter.sentiments && !filter.sentiments.includes(sentiment ?? "")) return false;
  if (filter.urgencies && !filter.urgencies.includes(urgency ?? "")) return false;
  if (filter.words) {
    const text = post.text.toLowerCase();
    const handle = post.author.handle.toLowerCase();
    for (const word of filter.words) if (!text.includes(word) && !handle.includes(word)) return false;
  }
  return true;
}

/** A named inbox view an agent saves: the filter, whose items ("mine" or all) and the order. */
export interface SavedView {
  narrow: InboxFilterParams;
  mine: boolean;
  sort: "priority" | "breach";
}

export interface SavedViewView {
  id: string;
  name: string;
  view: SavedView;
  updatedAt: string;
}

/** Views one user may keep. */
export const MAX_SAVED_VIEWS = 50;

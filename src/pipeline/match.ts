/**
 * Matches posts against every campaign of a workspace. Built once per campaign set; per post it
 * tokenizes once, looks each word, hashtag and handle up once in the matcher's vocabulary (which
 * both marks the key present and yields the campaigns anchored on it), and evaluates only those
 * candidates, plus the few queries led by a NOT.
 */
import { type MatchTokens, tokenizeForMatch } from "../domain/matchTokens.ts";
import type { NormalizedPost } from "../domain/post.ts";
import { MIN_PREFIX_LENGTH, parseQuery } from "../domain/query.ts";
import { type CompiledQuery, compileQueryNode, type MatchState } from "../domain/queryCompile.ts";
import { ParleyError } from "../errors.ts";

export interface CampaignRule {
  id: string;
  query: string;
  /** ISO 639-1 codes; a post whose language is unknown is not excluded by this filter. */
  languages?: string[];
  /** Handles (with or without @) or author platform ids whose posts never match. */
  excludeAuthors?: string[];
  /** When set, only posts by these handles or author platform ids match. */
  includeAuthorsOnly?: string[];
}

interface CompiledCampaign {
  id: string;
  order: number;
  query: CompiledQuery;
  languages: Set<string> | null;
  exclude: Set<string> | null;
  includeOnly: Set<string> | null;
}

/** A vocabulary entry: the key's id in the queries (-1 when no query names it) and its anchors. */
interface Entry {
  id: number;
  campaigns: CompiledCampaign[];
  /** Added on first sight of a word that only prefix anchors concern; dropped when the cache fills. */
  cached: boolean;
}

const NONE: CompiledCampaign[] = [];
/** Words remembered for prefix anchors before the cache starts afresh. */
const PREFIX_CACHE_LIMIT = 100_000;

function authorSet(list: string[] | undefined): Set<string> | null {
  if (!list || list.length === 0) return null;
  return new Set(list.map((a) => a.trim().replace(/^@/, "").toLowerCase()));
}

function addOnce(list: CompiledCampaign[], c: CompiledCampaign): void {
  if (list[list.length - 1] !== c) list.push(c);
}

function compileRule(rule: CampaignRule, order: number, ids: (key: string) => number): CompiledCampaign {
  let query: CompiledQuery;
  try {
    query = compileQueryNode(parseQuery(rule.query), ids);
  } catch (err) {
    if (err instanceof ParleyError) {
      const details = { campaignId: rule.id, ...(err.details as object) };
      throw new ParleyError("invalid_query", `Campaign ${rule.id}: ${err.message}`, details);
    }
    throw err;
  }
  return {
    id: rule.id,
    order,
    query,
    languages: rule.languages?.length ? new Set(rule.languages.map((l) => l.toLowerCase())) : null,
    exclude: authorSet(rule.excludeAuthors),
    includeOnly: authorSet(rule.includeAuthorsOnly),
  };
}

export class CampaignMatcher {
  private readonly vocabulary = new Map<string, Entry>();
  private readonly prefixes = new Map<string, CompiledCampaign[]>();
  private readonly unanchored: CompiledCampaign[] = [];
  private cachedWords = 0;
  // Stamps instead of per-post sets: a key is present, or a campaign already considered, when its
  // slot holds the current post's stamp.
  private readonly state: MatchState;
  private readonly considered: Uint32Array;

  /** Throws `invalid_query` naming the campaign whose query does not parse. */
  constructor(campaigns: readonly CampaignRule[]) {
    let keyCount = 0;
    const ids = (key: string): number => {
      let entry = this.vocabulary.get(key);
      if (!entry) {
        entry = { id: keyCount++, campaigns: [], cached: false };
        this.vocabulary.set(key, entry);
      }
      return entry.id;
    };
    const compiled = campaigns.map((rule, order) => compileRule(rule, order, ids));
    for (const c of compiled) {
      const anchors = c.query.anchors;
      if (!anchors) {
        this.unanchored.push(c);
        continue;
      }
      for (const key of anchors.exact) addOnce(this.vocabulary.get(key)!.campaigns, c);
      for (const prefix of anchors.prefixes) {
        const list = this.prefixes.get(prefix) ?? [];
        addOnce(list, c);
        this.prefixes.set(prefix, list);
      }
    }
    // A query word can also start with another campaign's prefix: fold those in now, once.
    for (const [key, entry] of this.vocabulary) {
      const byPrefix = this.prefixes.get(key.slice(0, MIN_PREFIX_LENGTH));
      if (byPrefix && key.length >= MIN_PREFIX_LENGTH) for (const c of byPrefix) addOnce(entry.campaigns, c);
    }
    this.state = { words: [], present: new Uint32Array(keyCount), stamp: 0 };
    this.considered = new Uint32Array(campaigns.length);
  }

  /** Ids of the campaigns the post matches, in the order the campaigns were given. */
  match(post: NormalizedPost, language?: string): string[] {
    return this.matchTokens(tokenizeForMatch(post.text), post, language ?? post.language);
  }

  /** For callers that already tokenized the post (the tokens must come from `tokenizeForMatch`). */
  matchTokens(tokens: MatchTokens, post: NormalizedPost, language?: string): string[] {
    const state = this.state;
    const stamp = this.nextStamp();
    state.words = tokens.words;
    // First mark every key present, then evaluate: a candidate found on the first word may need
    // the last one.
    const found: Entry[] = [];
    this.mark(tokens.words, stamp, found);
    this.mark(tokens.tags, stamp, found);
    const hits: CompiledCampaign[] = [];
    for (const entry of found) {
      for (const c of entry.campaigns) {
        if (this.considered[c.order] === stamp) continue;
        this.considered[c.order] = stamp;
        if (this.accepts(c, post, language)) hits.push(c);
      }
    }
    for (const c of this.unanchored) if (this.accepts(c, post, language)) hits.push(c);
    if (hits.length > 1) hits.sort((a, b) => a.order - b.order);
    return hits.map((c) => c.id);
  }

  private mark(keys: readonly string[], stamp: number, found: Entry[]): void {
    const present = this.state.present;
    for (const key of keys) {
      const entry = this.vocabulary.get(key) ?? this.prefixEntry(key);
      if (entry === undefined) continue;
      if (entry.id >= 0) present[entry.id] = stamp;
      if (entry.campaigns.length > 0) found.push(entry);
    }
  }

  /**
   * Prefix-anchored candidates of a word no query names. Cached in the vocabulary because words
   * repeat across posts far more than they vary: a slice and a second lookup saved per word.
   */
  private prefixEntry(key: string): Entry | undefined {
    // Prefixes apply to words, never to `#tag` or `@handle` keys.
    const first = key.charCodeAt(0);
    if (this.prefixes.size === 0 || key.length < MIN_PREFIX_LENGTH || first === 35 || first === 64)
      return undefined;
    if (this.cachedWords >= PREFIX_CACHE_LIMIT) {
      for (const [k, e] of this.vocabulary) if (e.cached) this.vocabulary.delete(k);
      this.cachedWords = 0;
    }
    const entry: Entry = {
      id: -1,
      campaigns: this.prefixes.get(key.slice(0, MIN_PREFIX_LENGTH)) ?? NONE,
      cached: true,
    };
    this.vocabulary.set(key, entry);
    this.cachedWords++;
    return entry;
  }

  private nextStamp(): number {
    let stamp = this.state.stamp + 1;
    if (stamp === 0xffffffff) {
      this.state.present.fill(0);
      this.considered.fill(0);
      stamp = 1;
    }
    this.state.stamp = stamp;
    return stamp;
  }

  private accepts(c: CompiledCampaign, post: NormalizedPost, language: string | undefined): boolean {
    if (c.languages && language && !c.languages.has(language.toLowerCase())) return false;
    if (c.exclude || c.includeOnly) {
      const handle = post.author.handle.toLowerCase();
      const id = post.author.platformId.toLowerCase();
      if (c.exclude?.has(handle) || c.exclude?.has(id)) return false;
      if (c.includeOnly && !c.includeOnly.has(handle) && !c.includeOnly.has(id)) return false;
    }
    return c.query.test(this.state);
  }
}

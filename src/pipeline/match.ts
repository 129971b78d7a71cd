/**
 * Matches posts against every campaign of a workspace. Built once per campaign set; per post it
 * scans the text once, looks each word, hashtag and handle up once in the matcher's vocabulary by
 * offset and hash (which both marks the key present and yields the campaigns anchored on it), and
 * evaluates only those candidates, plus the few queries led by a NOT. A word no query names costs
 * one probe, plus one for its first characters when prefix queries exist; no string is created.
 */
import { KeyTable } from "../domain/keyTable.ts";
import { MIN_PREFIX_LENGTH, scanTokens, TokenBuffer } from "../domain/matchTokens.ts";
import type { MatchSubject } from "../domain/post.ts";
import { parseQuery } from "../domain/query.ts";
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

function authorSet(list: string[] | undefined): Set<string> | null {
  if (!list || list.length === 0) return null;
  return new Set(list.map((a) => a.trim().replace(/^@/, "").toLowerCase()));
}

function addOnce(list: CompiledCampaign[], c: CompiledCampaign): void {
  if (list[list.length - 1] !== c) list.push(c);
}

const NONE: readonly CompiledCampaign[] = [];
const HASH = 35;
const AT = 64;

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
  /** Every word, `#tag` and `@handle` a query names, numbered. */
  private readonly vocabulary = new KeyTable();
  /** By key id: the campaigns anchored on that key, prefix anchors it starts with included. */
  private readonly anchored: CompiledCampaign[][] = [];
  /** Prefix keys (the first MIN_PREFIX_LENGTH characters of `refund*`) and their campaigns. */
  private readonly prefixes = new KeyTable();
  private readonly byPrefix: CompiledCampaign[][] = [];
  private readonly unanchored: CompiledCampaign[] = [];
  private readonly tokens = new TokenBuffer();
  /** Candidate lists of the current post, gathered before any query is evaluated. */
  private readonly found: (readonly CompiledCampaign[])[] = [];
  // Stamps instead of per-post sets: a key is present, or a campaign already considered, when its
  // slot holds the current post's stamp.
  private readonly state: MatchState;
  private readonly considered: Uint32Array;

  /** Throws `invalid_query` naming the campaign whose query does not parse. */
  constructor(campaigns: readonly CampaignRule[]) {
    const ids = (key: string): number => {
      const id = this.vocabulary.add(key);
      if (id === this.anchored.length) this.anchored.push([]);
      return id;
    };
    const compiled = campaigns.map((rule, order) => compileRule(rule, order, ids));
    for (const c of compiled) {
      const anchors = c.query.anchors;
      if (!anchors) {
        this.unanchored.push(c);
        continue;
      }
      for (const key of anchors.exact) addOnce(this.anchored[this.vocabulary.get(key)]!, c);
      for (const prefix of anchors.prefixes) {
        const id = this.prefixes.add(prefix);
        if (id === this.byPrefix.length) this.byPrefix.push([]);
        addOnce(this.byPrefix[id]!, c);
      }
    }
    // A query word can also start with another campaign's prefix: fold those in now, once, so a
    // word found in the vocabulary needs no prefix probe.
    for (let id = 0; id < this.vocabulary.size; id++) {
      const key = this.vocabulary.key(id);
      const first = key.charCodeAt(0);
      if (key.length < MIN_PREFIX_LENGTH || first === HASH || first === AT) continue;
      const p = this.prefixes.get(key.slice(0, MIN_PREFIX_LENGTH));
      if (p >= 0) for (const c of this.byPrefix[p]!) addOnce(this.anchored[id]!, c);
    }
    this.state = {
      tokens: this.tokens,
      wordIds: new Int32Array(64),
      present: new Uint32Array(this.vocabulary.size),
      stamp: 0,
    };
    this.considered = new Uint32Array(campaigns.length);
  }

  /**
   * Ids of the campaigns the post matches, in the order the campaigns were given. `language`
   * overrides the post's own.
   */
  match(post: MatchSubject, language?: string): string[] {
    scanTokens(post.text, this.tokens);
    const stamp = this.nextStamp();
    // First mark every key present, then evaluate: a candidate found on the first word may need
    // the last one.
    this.markWords(stamp);
    this.markTags(stamp);
    const found = this.found;
    const lang = language ?? post.language;
    const hits: CompiledCampaign[] = [];
    for (let f = 0; f < found.length; f++) {
      for (const c of found[f]!) {
        if (this.considered[c.order] === stamp) continue;
        this.considered[c.order] = stamp;
        if (this.accepts(c, post, lang)) hits.push(c);
      }
    }
    found.length = 0;
    for (const c of this.unanchored) if (this.accepts(c, post, lang)) hits.push(c);
    if (hits.length === 0) return [];
    if (hits.length > 1) hits.sort((a, b) => a.order - b.order);
    return hits.map((c) => c.id);
  }

  private markWords(stamp: number): void {
    const t = this.tokens;
    const state = this.state;
    if (state.wordIds.length < t.wordCount) state.wordIds = new Int32Array(t.wordStart.length);
    const { wordIds, present } = state;
    const text = t.text;
    const prefixes = this.prefixes.size > 0;
    for (let i = 0; i < t.wordCount; i++) {
      const start = t.wordStart[i]!;
      const end = t.wordEnd[i]!;
      const id = this.vocabulary.find(text, start, end, t.wordHash[i]!);
      wordIds[i] = id;
      if (id >= 0) {
        present[id] = stamp;
        const list = this.anchored[id]!;
        if (list.length > 0) this.found.push(list);
      } else if (prefixes && end - start >= MIN_PREFIX_LENGTH) {
        // Prefixes apply to words, never to `#tag` or `@handle` keys.
        const p = this.prefixes.find(text, start, start + MIN_PREFIX_LENGTH, t.wordHead[i]!);
        if (p >= 0) this.found.push(this.byPrefix[p] ?? NONE);
      }
    }
  }

  private markTags(stamp: number): void {
    const t = this.tokens;
    const present = this.state.present;
    for (let i = 0; i < t.tagCount; i++) {
      const id = this.vocabulary.find(t.text, t.tagStart[i]!, t.tagEnd[i]!, t.tagHash[i]!);
      if (id < 0) continue;
      present[id] = stamp;
      const list = this.anchored[id]!;
      if (list.length > 0) this.found.push(list);
    }
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

  private accepts(c: CompiledCampaign, post: MatchSubject, language: string | undefined): boolean {
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

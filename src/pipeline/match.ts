/**
 * Matches posts against every campaign of a workspace. Built once per campaign set; per post it
 * tokenizes once, looks the post's keys up in an inverted index of the keywords each campaign
 * cannot match without, and evaluates only those candidates (plus the few queries led by a NOT).
 */
import { type MatchTokens, tokenizeForMatch } from "../domain/matchTokens.ts";
import type { NormalizedPost } from "../domain/post.ts";
import { MIN_PREFIX_LENGTH } from "../domain/query.ts";
import { type CompiledQuery, compileQuery } from "../domain/queryCompile.ts";
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

function push(index: Map<string, CompiledCampaign[]>, key: string, c: CompiledCampaign): void {
  const list = index.get(key);
  if (!list) index.set(key, [c]);
  else if (list[list.length - 1] !== c) list.push(c);
}

export class CampaignMatcher {
  private readonly exact = new Map<string, CompiledCampaign[]>();
  private readonly prefixes = new Map<string, CompiledCampaign[]>();
  private readonly unanchored: CompiledCampaign[] = [];
  // Stamps instead of a per-post Set: a campaign is a candidate of this post if stamped with it.
  private readonly stamps: Uint32Array;
  private stamp = 0;

  /** Throws `invalid_query` naming the campaign whose query does not parse. */
  constructor(campaigns: readonly CampaignRule[]) {
    this.stamps = new Uint32Array(campaigns.length);
    campaigns.forEach((rule, order) => {
      let query: CompiledQuery;
      try {
        query = compileQuery(rule.query);
      } catch (err) {
        if (err instanceof ParleyError) {
          throw new ParleyError("invalid_query", `Campaign ${rule.id}: ${err.message}`, {
            campaignId: rule.id,
            ...(err.details as object),
          });
        }
        throw err;
      }
      const c: CompiledCampaign = {
        id: rule.id,
        order,
        query,
        languages: rule.languages?.length ? new Set(rule.languages.map((l) => l.toLowerCase())) : null,
        exclude: authorSet(rule.excludeAuthors),
        includeOnly: authorSet(rule.includeAuthorsOnly),
      };
      if (!query.anchors) {
        this.unanchored.push(c);
        return;
      }
      for (const key of query.anchors.exact) push(this.exact, key, c);
      for (const key of query.anchors.prefixes) push(this.prefixes, key, c);
    });
  }

  /** Ids of the campaigns the post matches, in the order the campaigns were given. */
  match(post: NormalizedPost, language?: string): string[] {
    return this.matchTokens(tokenizeForMatch(post.text), post, language ?? post.language);
  }

  /** For callers that already tokenized the post (the tokens must come from `tokenizeForMatch`). */
  matchTokens(tokens: MatchTokens, post: NormalizedPost, language?: string): string[] {
    const stamp = this.nextStamp();
    const hits: CompiledCampaign[] = [];
    const consider = (c: CompiledCampaign): void => {
      if (this.stamps[c.order] === stamp) return;
      this.stamps[c.order] = stamp;
      if (this.accepts(c, post, language, tokens)) hits.push(c);
    };
    for (const key of tokens.keys) {
      const list = this.exact.get(key);
      if (list) for (const c of list) consider(c);
      if (this.prefixes.size > 0 && key.length >= MIN_PREFIX_LENGTH) {
        const byPrefix = this.prefixes.get(key.slice(0, MIN_PREFIX_LENGTH));
        if (byPrefix) for (const c of byPrefix) consider(c);
      }
    }
    for (const c of this.unanchored) consider(c);
    if (hits.length > 1) hits.sort((a, b) => a.order - b.order);
    return hits.map((c) => c.id);
  }

  private nextStamp(): number {
    this.stamp++;
    if (this.stamp === 0xffffffff) {
      this.stamps.fill(0);
      this.stamp = 1;
    }
    return this.stamp;
  }

  private accepts(c: CompiledCampaign, post: NormalizedPost, language: string | undefined, t: MatchTokens) {
    if (c.languages && language && !c.languages.has(language.toLowerCase())) return false;
    if (c.exclude || c.includeOnly) {
      const handle = post.author.handle.toLowerCase();
      const id = post.author.platformId.toLowerCase();
      if (c.exclude && (c.exclude.has(handle) || c.exclude.has(id))) return false;
      if (c.includeOnly && !c.includeOnly.has(handle) && !c.includeOnly.has(id)) return false;
    }
    return c.query.test(t);
  }
}

/**
 * Turns a parsed query into a predicate, plus the "anchors" an inverted index needs: keys of which
 * at least one must be present for the query to have any chance.
 *
 * Keys (words, `#tag`, `@handle`) are numbered by a vocabulary shared by all queries of a matcher.
 * Per post, the matcher marks the ids of the keys present with the post's stamp, so a term test is
 * one array read: no per-post set of strings is ever built.
 */
import { type MatchTokens, tokenizeForMatch } from "./matchTokens.ts";
import { MIN_PREFIX_LENGTH, parseQuery, type QueryNode } from "./query.ts";

/** What a predicate sees of one post. */
export interface MatchState {
  words: readonly string[];
  /** `present[id] === stamp` when the key with that id occurs in the post. */
  present: Uint32Array;
  stamp: number;
}

export type QueryPredicate = (state: MatchState) => boolean;

/** Gives every key a query uses a small integer id, the same id for the same key. */
export type KeyIds = (key: string) => number;

/**
 * Index keys: a word, `#tag` or `@handle` looked up exactly, or a word prefix looked up by its first
 * MIN_PREFIX_LENGTH characters. `null` means the query can match a post containing none of its
 * keys (it is led by a NOT), so it must be evaluated against every post.
 */
export interface QueryAnchors {
  exact: string[];
  prefixes: string[];
}

export interface CompiledQuery {
  ast: QueryNode;
  test: QueryPredicate;
  anchors: QueryAnchors | null;
}

function phraseAt(words: readonly string[], phrase: readonly string[], start: number): boolean {
  for (let j = 1; j < phrase.length; j++) if (words[start + j] !== phrase[j]) return false;
  return true;
}

function keyTest(id: number): QueryPredicate {
  return (s) => s.present[id] === s.stamp;
}

function compileNode(node: QueryNode, ids: KeyIds): QueryPredicate {
  switch (node.kind) {
    case "term":
      return keyTest(ids(node.value));
    case "hashtag":
      return keyTest(ids(`#${node.value}`));
    case "handle":
      return keyTest(ids(`@${node.value}`));
    case "prefix": {
      const prefix = node.value;
      return (s) => {
        for (const w of s.words) if (w.startsWith(prefix)) return true;
        return false;
      };
    }
    case "phrase": {
      const phrase = node.words;
      const wordIds = phrase.map(ids);
      const first = phrase[0]!;
      return (s) => {
        // Cheap rejection by presence before scanning positions.
        for (const id of wordIds) if (s.present[id] !== s.stamp) return false;
        const last = s.words.length - phrase.length;
        for (let i = 0; i <= last; i++) {
          if (s.words[i] === first && phraseAt(s.words, phrase, i)) return true;
        }
        return false;
      };
    }
    case "not": {
      const inner = compileNode(node.child, ids);
      return (s) => !inner(s);
    }
    case "and": {
      // Positive children first: they are the ones likely to fail fast on an unrelated post.
      const ordered = [...node.children].sort((a, b) => Number(a.kind === "not") - Number(b.kind === "not"));
      const parts = ordered.map((child) => compileNode(child, ids));
      return (s) => {
        for (const p of parts) if (!p(s)) return false;
        return true;
      };
    }
    case "or": {
      const parts = node.children.map((child) => compileNode(child, ids));
      return (s) => {
        for (const p of parts) if (p(s)) return true;
        return false;
      };
    }
  }
}

function size(a: QueryAnchors): number {
  return a.exact.length + a.prefixes.length;
}

function anchorsOf(node: QueryNode): QueryAnchors | null {
  switch (node.kind) {
    case "term":
      return { exact: [node.value], prefixes: [] };
    case "hashtag":
      return { exact: [`#${node.value}`], prefixes: [] };
    case "handle":
      return { exact: [`@${node.value}`], prefixes: [] };
    case "prefix":
      return { exact: [], prefixes: [node.value.slice(0, MIN_PREFIX_LENGTH)] };
    case "phrase": {
      // Every word of a phrase must be present; the longest is usually the rarest.
      const longest = node.words.reduce((a, b) => (b.length > a.length ? b : a));
      return { exact: [longest], prefixes: [] };
    }
    case "not":
      return null;
    case "and": {
      // Any one conjunct's anchors suffice; the smallest set means the fewest index postings.
      let best: QueryAnchors | null = null;
      for (const child of node.children) {
        const a = anchorsOf(child);
        if (a && (!best || size(a) < size(best))) best = a;
      }
      return best;
    }
    case "or": {
      const exact = new Set<string>();
      const prefixes = new Set<string>();
      for (const child of node.children) {
        const a = anchorsOf(child);
        if (!a) return null;
        for (const k of a.exact) exact.add(k);
        for (const k of a.prefixes) prefixes.add(k);
      }
      return { exact: [...exact], prefixes: [...prefixes] };
    }
  }
}

export function compileQueryNode(ast: QueryNode, ids: KeyIds): CompiledQuery {
  return { ast, test: compileNode(ast, ids), anchors: anchorsOf(ast) };
}

export interface StandaloneQuery {
  ast: QueryNode;
  anchors: QueryAnchors | null;
  /** Whether a tokenized text matches; for one-off checks (previews, tests), not the hot path. */
  matches(tokens: MatchTokens | string): boolean;
}

/** Parses and compiles one query with its own vocabulary; throws `invalid_query` like `parseQuery`. */
export function compileQuery(text: string): StandaloneQuery {
  const vocabulary = new Map<string, number>();
  const ids: KeyIds = (key) => {
    let id = vocabulary.get(key);
    if (id === undefined) {
      id = vocabulary.size;
      vocabulary.set(key, id);
    }
    return id;
  };
  const compiled = compileQueryNode(parseQuery(text), ids);
  const present = new Uint32Array(vocabulary.size);
  return {
    ast: compiled.ast,
    anchors: compiled.anchors,
    matches(input) {
      const tokens = typeof input === "string" ? tokenizeForMatch(input) : input;
      present.fill(0);
      for (const list of [tokens.words, tokens.tags]) {
        for (const key of list) {
          const id = vocabulary.get(key);
          if (id !== undefined) present[id] = 1;
        }
      }
      return compiled.test({ words: tokens.words, present, stamp: 1 });
    },
  };
}

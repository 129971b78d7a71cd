/**
 * Turns a parsed query into a predicate, plus the "anchors" an inverted index needs: keys of which
 * at least one must be present for the query to have any chance.
 *
 * Keys (words, `#tag`, `@handle`) are numbered by a vocabulary shared by all queries of a matcher.
 * Per post, the matcher marks the ids of the keys present with the post's stamp, so a term test is
 * one array read: no per-post set of strings is ever built.
 */
import { KeyTable } from "./keyTable.ts";
import { MIN_PREFIX_LENGTH, scanTokens, TokenBuffer } from "./matchTokens.ts";
import { parseQuery, type QueryNode } from "./query.ts";

/** What a predicate sees of one post. */
export interface MatchState {
  /** The post's words as offsets into its lower-cased text. */
  tokens: TokenBuffer;
  /** Per word, in text order: the id of the key it equals, or -1 when no query names it. */
  wordIds: Int32Array;
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

function phraseAt(wordIds: Int32Array, phrase: readonly number[], start: number): boolean {
  for (let j = 1; j < phrase.length; j++) if (wordIds[start + j] !== phrase[j]) return false;
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
        const t = s.tokens;
        for (let i = 0; i < t.wordCount; i++) {
          const start = t.wordStart[i]!;
          if (t.wordEnd[i]! - start >= prefix.length && t.text.startsWith(prefix, start)) return true;
        }
        return false;
      };
    }
    case "phrase": {
      // Words are compared by key id: equal words have the same id, and a word no query names
      // (-1) equals no phrase word.
      const wordIds = node.words.map(ids);
      const first = wordIds[0]!;
      return (s) => {
        // Cheap rejection by presence before scanning positions.
        for (const id of wordIds) if (s.present[id] !== s.stamp) return false;
        const last = s.tokens.wordCount - wordIds.length;
        for (let i = 0; i <= last; i++) {
          if (s.wordIds[i] === first && phraseAt(s.wordIds, wordIds, i)) return true;
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
  /** Whether a text matches; for one-off checks (previews, tests), not the hot path. */
  matches(text: string): boolean;
}

/** Parses and compiles one query with its own vocabulary; throws `invalid_query` like `parseQuery`. */
export function compileQuery(text: string): StandaloneQuery {
  const vocabulary = new KeyTable();
  const compiled = compileQueryNode(parseQuery(text), (key) => vocabulary.add(key));
  const present = new Uint32Array(vocabulary.size);
  const tokens = new TokenBuffer();
  return {
    ast: compiled.ast,
    anchors: compiled.anchors,
    matches(input) {
      scanTokens(input, tokens);
      present.fill(0);
      const wordIds = new Int32Array(tokens.wordCount);
      for (let i = 0; i < tokens.wordCount; i++) {
        const id = vocabulary.find(
          tokens.text,
          tokens.wordStart[i]!,
          tokens.wordEnd[i]!,
          tokens.wordHash[i]!,
        );
        wordIds[i] = id;
        if (id >= 0) present[id] = 1;
      }
      for (let i = 0; i < tokens.tagCount; i++) {
        const id = vocabulary.find(tokens.text, tokens.tagStart[i]!, tokens.tagEnd[i]!, tokens.tagHash[i]!);
        if (id >= 0) present[id] = 1;
      }
      return compiled.test({ tokens, wordIds, present, stamp: 1 });
    },
  };
}

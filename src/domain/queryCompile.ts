/**
 * Turns a parsed query into a predicate over a post's match tokens, plus the "anchors" an inverted
 * index needs: keys of which at least one must be present for the query to have any chance.
 */
import type { MatchTokens } from "./matchTokens.ts";
import { MIN_PREFIX_LENGTH, parseQuery, type QueryNode } from "./query.ts";

export type QueryPredicate = (tokens: MatchTokens) => boolean;

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

function phraseAt(words: string[], phrase: string[], start: number): boolean {
  for (let j = 1; j < phrase.length; j++) if (words[start + j] !== phrase[j]) return false;
  return true;
}

function compileNode(node: QueryNode): QueryPredicate {
  switch (node.kind) {
    case "term": {
      const key = node.value;
      return (t) => t.keys.has(key);
    }
    case "hashtag": {
      const key = `#${node.value}`;
      return (t) => t.keys.has(key);
    }
    case "handle": {
      const key = `@${node.value}`;
      return (t) => t.keys.has(key);
    }
    case "prefix": {
      const prefix = node.value;
      return (t) => {
        for (const w of t.words) if (w.startsWith(prefix)) return true;
        return false;
      };
    }
    case "phrase": {
      const phrase = node.words;
      const first = phrase[0]!;
      return (t) => {
        // Cheap rejection through the key set before scanning positions.
        for (const w of phrase) if (!t.keys.has(w)) return false;
        const last = t.words.length - phrase.length;
        for (let i = 0; i <= last; i++) {
          if (t.words[i] === first && phraseAt(t.words, phrase, i)) return true;
        }
        return false;
      };
    }
    case "not": {
      const inner = compileNode(node.child);
      return (t) => !inner(t);
    }
    case "and": {
      // Positive children first: they are the ones likely to fail fast on an unrelated post.
      const ordered = [...node.children].sort((a, b) => Number(a.kind === "not") - Number(b.kind === "not"));
      const parts = ordered.map(compileNode);
      return (t) => {
        for (const p of parts) if (!p(t)) return false;
        return true;
      };
    }
    case "or": {
      const parts = node.children.map(compileNode);
      return (t) => {
        for (const p of parts) if (p(t)) return true;
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

export function compileQueryNode(ast: QueryNode): CompiledQuery {
  return { ast, test: compileNode(ast), anchors: anchorsOf(ast) };
}

/** Parses and compiles a query; throws `invalid_query` like `parseQuery`. */
export function compileQuery(text: string): CompiledQuery {
  return compileQueryNode(parseQuery(text));
}

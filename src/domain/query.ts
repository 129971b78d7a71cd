/**
 * The campaign query language: boolean keyword queries such as
 * `(outage OR "no signal" OR #lumendown) AND @lumenmobile -giveaway`.
 *
 * Precedence, loosest first: OR, AND (explicit or implied by adjacency), NOT / `-`. Operators are
 * recognised only in upper case, so a lower-case "not" or "or" stays an ordinary search word.
 * Matching is case-insensitive. A trailing `*` makes a word a prefix (at least 3 characters).
 */
import { ParleyError } from "../errors.ts";
import { MIN_PREFIX_LENGTH, splitWords } from "./matchTokens.ts";

export type QueryNode =
  | { kind: "term"; value: string }
  | { kind: "prefix"; value: string }
  | { kind: "hashtag"; value: string }
  | { kind: "handle"; value: string }
  | { kind: "phrase"; words: string[] }
  | { kind: "and"; children: QueryNode[] }
  | { kind: "or"; children: QueryNode[] }
  | { kind: "not"; child: QueryNode };

export { MIN_PREFIX_LENGTH };

type Lexeme =
  | { type: "lparen" | "rparen" | "and" | "or" | "not" | "minus"; pos: number }
  | { type: "phrase"; text: string; pos: number }
  | { type: "word"; text: string; pos: number };

function fail(message: string, position: number): never {
  throw new ParleyError("invalid_query", `${message} (at character ${position})`, { position });
}

function isSpace(ch: string): boolean {
  return ch === " " || ch === "\t" || ch === "\n" || ch === "\r";
}

function lex(text: string): Lexeme[] {
  const out: Lexeme[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (isSpace(ch)) {
      i++;
    } else if (ch === "(" || ch === ")") {
      out.push({ type: ch === "(" ? "lparen" : "rparen", pos: i });
      i++;
    } else if (ch === '"') {
      const close = text.indexOf('"', i + 1);
      if (close < 0) fail("Unterminated quoted phrase", i);
      out.push({ type: "phrase", text: text.slice(i + 1, close), pos: i });
      i = close + 1;
    } else if (ch === "-") {
      // A dash opens a negation only at the start of a token; inside a word ("wi-fi") it is text.
      out.push({ type: "minus", pos: i });
      i++;
    } else {
      const start = i;
      while (i < text.length && !isSpace(text[i]!) && !'()"'.includes(text[i]!)) i++;
      const word = text.slice(start, i);
      if (word === "AND" || word === "OR" || word === "NOT") {
        out.push({ type: word === "AND" ? "and" : word === "OR" ? "or" : "not", pos: start });
      } else {
        out.push({ type: "word", text: word, pos: start });
      }
    }
  }
  return out;
}

function wordNode(raw: string, pos: number): QueryNode {
  const sigil = raw[0];
  if (sigil === "#" || sigil === "@") {
    const body = raw.slice(1).toLowerCase();
    if (body.endsWith("*")) fail("A wildcard applies to words, not to hashtags or handles", pos);
    if (body === "") fail(`"${sigil}" must be followed by a ${sigil === "#" ? "hashtag" : "handle"}`, pos);
    const valid = sigil === "#" ? /^[\p{L}\p{N}\p{M}_]+$/u : /^[a-z0-9_](?:[a-z0-9_.-]*[a-z0-9_])?$/;
    if (!valid.test(body)) fail(`"${raw}" is not a valid ${sigil === "#" ? "hashtag" : "handle"}`, pos);
    return sigil === "#" ? { kind: "hashtag", value: body } : { kind: "handle", value: body };
  }
  const star = raw.indexOf("*");
  if (star >= 0 && star !== raw.length - 1)
    fail("A wildcard is allowed only at the end of a word", pos + star);
  const body = star >= 0 ? raw.slice(0, -1) : raw;
  const words = splitWords(body);
  if (words.length === 0) fail(`"${raw}" contains no letters or digits`, pos);
  if (star >= 0) {
    if (words.length !== 1 || words[0]!.length !== body.length) {
      fail("A wildcard applies to a single plain word", pos);
    }
    if (body.length < MIN_PREFIX_LENGTH) {
      fail(`A wildcard needs at least ${MIN_PREFIX_LENGTH} characters before it`, pos);
    }
    return { kind: "prefix", value: words[0]! };
  }
  // "wi-fi" or "don't" split into several words: they must appear in sequence, like a phrase.
  return words.length === 1 ? { kind: "term", value: words[0]! } : { kind: "phrase", words };
}

/**
 * Parentheses and NOTs nested deeper than this are refused: no real query needs more, and each
 * level costs a stack frame here and in every later walk of the tree (compiling, matching).
 */
export const MAX_QUERY_DEPTH = 32;

class Parser {
  private i = 0;
  private depth = 0;
  private readonly lexemes: Lexeme[];
  private readonly length: number;

  constructor(lexemes: Lexeme[], length: number) {
    this.lexemes = lexemes;
    this.length = length;
  }

  parse(): QueryNode {
    if (this.lexemes.length === 0) fail("The query is empty", 0);
    const node = this.parseOr();
    const next = this.peek();
    if (next) fail(next.type === "rparen" ? "Unmatched closing parenthesis" : "Unexpected token", next.pos);
    return node;
  }

  private nested(position: number, parse: () => QueryNode): QueryNode {
    if (++this.depth > MAX_QUERY_DEPTH) {
      fail(`Parentheses and NOTs are nested deeper than ${MAX_QUERY_DEPTH}`, position);
    }
    const node = parse();
    this.depth--;
    return node;
  }

  private peek(): Lexeme | undefined {
    return this.lexemes[this.i];
  }

  private parseOr(): QueryNode {
    const children = [this.parseAnd()];
    while (this.peek()?.type === "or") {
      this.i++;
      children.push(this.parseAnd());
    }
    return children.length === 1 ? children[0]! : { kind: "or", children };
  }

  private parseAnd(): QueryNode {
    const children = [this.parseUnary()];
    for (;;) {
      const next = this.peek();
      if (!next || next.type === "or" || next.type === "rparen") break;
      if (next.type === "and") this.i++;
      children.push(this.parseUnary());
    }
    return children.length === 1 ? children[0]! : { kind: "and", children };
  }

  private parseUnary(): QueryNode {
    const next = this.peek();
    if (next?.type === "not") {
      this.i++;
      return { kind: "not", child: this.nested(next.pos, () => this.parseUnary()) };
    }
    if (next?.type === "minus") {
      this.i++;
      const operand = this.peek();
      // "-" must touch its operand: "a - b" is more likely a typo than a negation.
      if (!operand || operand.pos !== next.pos + 1 || operand.type === "minus") {
        fail('"-" must be directly followed by a word, phrase or parenthesis', next.pos);
      }
      return { kind: "not", child: this.parsePrimary() };
    }
    return this.parsePrimary();
  }

  private parsePrimary(): QueryNode {
    const lexeme = this.peek();
    if (!lexeme) fail("The query ends where a word, phrase or parenthesis was expected", this.length);
    this.i++;
    switch (lexeme.type) {
      case "word":
        return wordNode(lexeme.text, lexeme.pos);
      case "phrase": {
        const words = splitWords(lexeme.text);
        if (words.length === 0) fail("The quoted phrase is empty", lexeme.pos);
        return words.length === 1 ? { kind: "term", value: words[0]! } : { kind: "phrase", words };
      }
      case "lparen": {
        if (this.peek()?.type === "rparen") fail("Empty parentheses", lexeme.pos);
        const inner = this.nested(lexeme.pos, () => this.parseOr());
        if (this.peek()?.type !== "rparen") fail("Unclosed parenthesis", lexeme.pos);
        this.i++;
        return inner;
      }
      case "rparen":
        fail("Unmatched closing parenthesis", lexeme.pos);
        break;
      default:
        fail(`${lexeme.type.toUpperCase()} must come between two terms`, lexeme.pos);
    }
  }
}

/** Parses a campaign query; throws `invalid_query` with the character `position` of the problem. */
export function parseQuery(text: string): QueryNode {
  return new Parser(lex(text), text.length).parse();
}

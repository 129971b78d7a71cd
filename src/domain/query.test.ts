import { describe, expect, it } from "vitest";
import { isParleyError } from "../errors.ts";
import { MAX_QUERY_DEPTH, parseQuery, type QueryNode } from "./query.ts";

const term = (value: string): QueryNode => ({ kind: "term", value });

function errorOf(text: string): { message: string; position: number } {
  try {
    parseQuery(text);
  } catch (err) {
    if (!isParleyError(err, "invalid_query")) throw err;
    return { message: err.message, position: (err.details as { position: number }).position };
  }
  throw new Error(`expected "${text}" to be rejected`);
}

describe("parseQuery", () => {
  it("reads a single word lower-cased", () => {
    expect(parseQuery("Outage")).toEqual(term("outage"));
  });

  it("joins adjacent terms with an implicit AND", () => {
    expect(parseQuery("lumen outage")).toEqual({ kind: "and", children: [term("lumen"), term("outage")] });
  });

  it("binds AND tighter than OR", () => {
    expect(parseQuery("a OR b AND c")).toEqual({
      kind: "or",
      children: [term("a"), { kind: "and", children: [term("b"), term("c")] }],
    });
  });

  it("binds implicit AND tighter than OR", () => {
    expect(parseQuery("a b OR c")).toEqual({
      kind: "or",
      children: [{ kind: "and", children: [term("a"), term("b")] }, term("c")],
    });
  });

  it("binds NOT tighter than AND", () => {
    expect(parseQuery("NOT a b")).toEqual({
      kind: "and",
      children: [{ kind: "not", child: term("a") }, term("b")],
    });
  });

  it("lets parentheses override precedence, nested", () => {
    expect(parseQuery("(a OR (b c)) -(d OR e)")).toEqual({
      kind: "and",
      children: [
        { kind: "or", children: [term("a"), { kind: "and", children: [term("b"), term("c")] }] },
        { kind: "not", child: { kind: "or", children: [term("d"), term("e")] } },
      ],
    });
  });

  it("treats lower-case and, or, not as search words", () => {
    expect(parseQuery("not working")).toEqual({ kind: "and", children: [term("not"), term("working")] });
  });

  it("reads a dash before a term as negation", () => {
    expect(parseQuery("lumen -giveaway")).toEqual({
      kind: "and",
      children: [term("lumen"), { kind: "not", child: term("giveaway") }],
    });
  });

  it("keeps a dash inside a word as part of the text, matched as a word sequence", () => {
    expect(parseQuery("wi-fi")).toEqual({ kind: "phrase", words: ["wi", "fi"] });
  });

  it("reads quoted phrases as word sequences, ignoring punctuation and case", () => {
    expect(parseQuery('"No Signal, again"')).toEqual({ kind: "phrase", words: ["no", "signal", "again"] });
  });

  it("reads a one-word phrase as a term", () => {
    expect(parseQuery('"Roaming"')).toEqual(term("roaming"));
  });

  it("negates a phrase", () => {
    expect(parseQuery('-"free followers"')).toEqual({
      kind: "not",
      child: { kind: "phrase", words: ["free", "followers"] },
    });
  });

  it("reads hashtags and handles lower-cased without their sigil", () => {
    expect(parseQuery("#LumenDown OR @LumenHelp OR @lumen.bsky.social")).toEqual({
      kind: "or",
      children: [
        { kind: "hashtag", value: "lumendown" },
        { kind: "handle", value: "lumenhelp" },
        { kind: "handle", value: "lumen.bsky.social" },
      ],
    });
  });

  it("reads a trailing star as a prefix wildcard", () => {
    expect(parseQuery("refund*")).toEqual({ kind: "prefix", value: "refund" });
  });

  it("accepts accented words", () => {
    expect(parseQuery("Déçu")).toEqual(term("déçu"));
  });

  it("accepts double negation", () => {
    expect(parseQuery("NOT NOT a")).toEqual({ kind: "not", child: { kind: "not", child: term("a") } });
  });
});

describe("parseQuery errors", () => {
  it.each([
    ["", 0, /empty/],
    ["   ", 0, /empty/],
    ["(a OR b", 0, /Unclosed parenthesis/],
    ["a (b (c)", 2, /Unclosed parenthesis/],
    ["a OR b)", 6, /Unmatched closing/],
    [")", 0, /Unmatched closing/],
    ["a ()", 2, /Empty parentheses/],
    ['a "no signal', 2, /Unterminated/],
    ['a ""', 2, /phrase is empty/],
    ["a AND", 5, /ends where/],
    ["a OR", 4, /ends where/],
    ["NOT", 3, /ends where/],
    ["AND a", 0, /AND must come between/],
    ["a OR OR b", 5, /OR must come between/],
    ["a OR AND b", 5, /AND must come between/],
    ["a - b", 2, /"-" must be directly followed/],
    ["a -", 2, /"-" must be directly followed/],
    ["--a", 0, /"-" must be directly followed/],
    ["a #", 2, /must be followed by a hashtag/],
    ["@ a", 0, /must be followed by a handle/],
    ["#lumen-down", 0, /not a valid hashtag/],
    ["@-lumen", 0, /not a valid handle/],
    ["#lumen*", 0, /wildcard applies to words/],
    ["re*fund", 2, /only at the end/],
    ["ab*", 0, /at least 3 characters/],
    ["wi-fi*", 0, /single plain word/],
    ["*", 0, /at least 3|no letters/],
    ["a !!!", 2, /no letters or digits/],
  ])("rejects %j at position %i", (text, position, message) => {
    const err = errorOf(text);
    expect(err.position).toBe(position);
    expect(err.message).toMatch(message);
  });
});

describe("parseQuery nesting", () => {
  it("refuses parentheses nested thousands deep with invalid_query, not a stack overflow", () => {
    const text = `${"(".repeat(4990)}a${")".repeat(4990)}`;
    const err = errorOf(text);
    expect(err.message).toMatch(/nested deeper than 32/);
    expect(err.position).toBe(MAX_QUERY_DEPTH);
  });

  it("refuses a chain of thousands of NOTs", () => {
    expect(errorOf(`${"NOT ".repeat(5000)}a`).message).toMatch(/nested deeper/);
  });

  it("accepts nesting up to the limit", () => {
    const text = `${"(".repeat(MAX_QUERY_DEPTH)}a${")".repeat(MAX_QUERY_DEPTH)}`;
    expect(parseQuery(text)).toEqual(term("a"));
  });
});

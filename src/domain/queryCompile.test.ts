import { describe, expect, it } from "vitest";
import { tokenizeForMatch } from "./matchTokens.ts";
import { compileQuery } from "./queryCompile.ts";

const matches = (query: string, text: string): boolean => compileQuery(query).test(tokenizeForMatch(text));

describe("tokenizeForMatch", () => {
  it("lower-cases words and keeps hashtags and handles as keys", () => {
    const t = tokenizeForMatch("Hey @LumenHelp my #Signal is GONE!");
    expect(t.words).toEqual(["hey", "lumenhelp", "my", "signal", "is", "gone"]);
    expect([...t.keys]).toEqual(expect.arrayContaining(["@lumenhelp", "#signal", "gone"]));
  });

  it("does not read an e-mail address as a handle", () => {
    expect(tokenizeForMatch("mail me at ana@example.com").keys.has("@example.com")).toBe(false);
  });

  it("drops trailing punctuation from a handle", () => {
    expect(tokenizeForMatch("thanks @lumen.help.").keys.has("@lumen.help")).toBe(true);
  });

  it("splits on emoji and keeps accented letters inside words", () => {
    expect(tokenizeForMatch("très déçu😡vraiment").words).toEqual(["très", "déçu", "vraiment"]);
  });
});

describe("compiled query", () => {
  it("matches a term regardless of case and punctuation", () => {
    expect(matches("outage", "Another OUTAGE!!")).toBe(true);
    expect(matches("outage", "outages everywhere")).toBe(false);
  });

  it("requires every conjunct", () => {
    expect(matches("lumen outage", "lumen is down")).toBe(false);
    expect(matches("lumen outage", "outage at lumen")).toBe(true);
  });

  it("excludes posts with a negated term", () => {
    expect(matches("lumen -giveaway", "lumen giveaway time")).toBe(false);
    expect(matches("lumen -giveaway", "lumen is great")).toBe(true);
  });

  it("matches phrases only as consecutive words", () => {
    expect(matches('"no signal"', "I have no signal since noon")).toBe(true);
    expect(matches('"no signal"', "no... signal, again")).toBe(true);
    expect(matches('"no signal"', "signal no")).toBe(false);
    expect(matches('"no signal"', "no good signal")).toBe(false);
  });

  it("finds a phrase after an earlier partial match", () => {
    expect(matches('"no signal"', "no way, no signal")).toBe(true);
  });

  it("matches a hashtag only as a hashtag, but a word also inside a hashtag", () => {
    expect(matches("#outage", "big outage")).toBe(false);
    expect(matches("#outage", "big #Outage")).toBe(true);
    expect(matches("outage", "big #outage")).toBe(true);
  });

  it("matches handles", () => {
    expect(matches("@lumenhelp", "@LumenHelp please")).toBe(true);
    expect(matches("@lumenhelp", "lumenhelp please")).toBe(false);
  });

  it("matches word prefixes", () => {
    expect(matches("refund*", "still waiting for my refunds")).toBe(true);
    expect(matches("refund*", "no money back")).toBe(false);
  });

  it("evaluates nested boolean logic", () => {
    const q = '(lumen OR @lumenmobile) AND ("no signal" OR outage) -#ad';
    expect(matches(q, "@lumenmobile outage in Lyon")).toBe(true);
    expect(matches(q, "lumen: no signal downtown")).toBe(true);
    expect(matches(q, "lumen outage #ad")).toBe(false);
    expect(matches(q, "outage somewhere else")).toBe(false);
  });
});

describe("query anchors", () => {
  it("offers the terms of an OR as alternatives", () => {
    expect(compileQuery("a OR #b OR @c").anchors).toEqual({ exact: ["a", "#b", "@c"], prefixes: [] });
  });

  it("needs only one conjunct of an AND, the smallest", () => {
    expect(compileQuery("(a OR b OR c) d").anchors).toEqual({ exact: ["d"], prefixes: [] });
  });

  it("anchors a phrase on its longest word and a prefix on its first characters", () => {
    expect(compileQuery('"no signal" OR refund*').anchors).toEqual({ exact: ["signal"], prefixes: ["ref"] });
  });

  it("has no anchors when a post without any keyword can match", () => {
    expect(compileQuery("-spam").anchors).toBeNull();
    expect(compileQuery("a OR -b").anchors).toBeNull();
  });
});

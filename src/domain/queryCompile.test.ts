import { describe, expect, it } from "vitest";
import { hashRange } from "./keyTable.ts";
import { scanTokens, TokenBuffer, tokenizeForMatch } from "./matchTokens.ts";
import { compileQuery } from "./queryCompile.ts";

const matches = (query: string, text: string): boolean => compileQuery(query).matches(text);

describe("tokenizeForMatch", () => {
  it("lower-cases words and keeps hashtags and handles as tags", () => {
    const t = tokenizeForMatch("Hey @LumenHelp my #Signal is GONE!");
    expect(t.words).toEqual(["hey", "lumenhelp", "my", "signal", "is", "gone"]);
    expect(t.tags).toEqual(["@lumenhelp", "#signal"]);
  });

  it("does not read an e-mail address as a handle", () => {
    expect(tokenizeForMatch("mail me at ana@example.com").tags).toEqual([]);
  });

  it("drops trailing punctuation from a handle", () => {
    expect(tokenizeForMatch("thanks @lumen.help.").tags).toEqual(["@lumen.help"]);
  });

  it("splits on emoji and keeps accented letters inside words", () => {
    expect(tokenizeForMatch("très déçu😡vraiment").words).toEqual(["très", "déçu", "vraiment"]);
  });
});

describe("scanTokens", () => {
  it("gives offsets into the lower-cased text with the hashes a key table is probed with", () => {
    const t = new TokenBuffer();
    scanTokens("Refunds, #Lumen", t);
    expect(t.text).toBe("refunds, #lumen");
    expect([t.wordCount, t.tagCount]).toEqual([2, 1]);
    expect([t.word(0), t.word(1), t.tag(0)]).toEqual(["refunds", "lumen", "#lumen"]);
    expect(t.wordHash[0]).toBe(hashRange("refunds", 0, 7));
    expect(t.wordHead[0]).toBe(hashRange("ref", 0, 3));
    expect(t.tagHash[0]).toBe(hashRange("#lumen", 0, 6));
  });

  it("grows past its initial size and resets between texts", () => {
    const t = new TokenBuffer();
    const many = Array.from({ length: 300 }, (_, i) => `w${i} #t${i}`).join(" ");
    scanTokens(many, t);
    expect([t.wordCount, t.tagCount]).toEqual([600, 300]);
    expect(t.word(599)).toBe("t299");
    scanTokens("one", t);
    expect([t.wordCount, t.tagCount]).toEqual([1, 0]);
  });
});

describe("compiled query", () => {
  it("matches a phrase only in sequence, with words no query names around it", () => {
    expect(matches('"no signal"', "zzz no signal zzz")).toBe(true);
    expect(matches('"no signal"', "no zzz signal")).toBe(false);
    expect(matches('"no signal"', "signal no")).toBe(false);
  });

  it("matches a prefix longer than its index key only on words that long", () => {
    expect(matches("refund*", "refunding")).toBe(true);
    expect(matches("refund*", "refun ref")).toBe(false);
  });

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

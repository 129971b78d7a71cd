import { describe, expect, it } from "vitest";
import { extractHashtags, extractMentions } from "./post.ts";

describe("extractMentions", () => {
  it("finds handles once each, lower-cased, in order of first appearance", () => {
    expect(extractMentions("@LumenHelp hi @bo and @lumenhelp again")).toEqual(["lumenhelp", "bo"]);
  });

  it("keeps dots and dashes inside a handle but not at its end", () => {
    expect(extractMentions("thanks @lumen.help. and @a-b-")).toEqual(["lumen.help", "a-b"]);
  });

  it("ignores addresses, doubled @ and an @ with no handle after it", () => {
    expect(extractMentions("mail ana@example.com @@bo @ @.x @")).toEqual([]);
  });

  it("accepts a handle after punctuation or a non-ASCII letter", () => {
    expect(extractMentions("(@bo) é@cy")).toEqual(["bo", "cy"]);
  });
});

describe("extractHashtags", () => {
  it("finds hashtags in any script, lower-cased, once each", () => {
    expect(extractHashtags("#Signal down #réseau #SIGNAL #信号")).toEqual(["signal", "réseau", "信号"]);
  });

  it("ignores HTML entities, codes and doubled #", () => {
    expect(extractHashtags("it&#39;s x#1 ##a # #-")).toEqual([]);
  });

  it("does not start a hashtag at a # that ends the previous one", () => {
    expect(extractHashtags("#café#tag é#ok")).toEqual(["café", "ok"]);
  });

  it("reads astral letters inside a hashtag and stops at emoji", () => {
    expect(extractHashtags("#𝐀b😡c")).toEqual(["𝐀b"]);
  });
});

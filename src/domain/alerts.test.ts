/** The pure rules of alerts: input validation, keyword matching, the quiet period and the chat and email text. */
import { describe, expect, it } from "vitest";
import {
  alertRuleInput,
  chatPayload,
  emailContent,
  escapeChat,
  inQuietPeriod,
  matchedKeywords,
  matchPost,
} from "./alerts.ts";

const base = {
  name: "Rule",
  condition: { kind: "vip" },
  channels: [{ type: "webhook", url: "https://hooks.example.com/x" }],
};

describe("alert rule input", () => {
  it("fills the defaults and keeps a valid rule", () => {
    expect(alertRuleInput.parse(base)).toMatchObject({
      enabled: true,
      quietMinutes: 60,
      allowPrivateNetwork: false,
    });
  });

  it.each([
    ["an unknown kind", { condition: { kind: "mood" } }],
    ["a keyword without letters or digits", { condition: { kind: "keyword", keywords: ["!!!"] } }],
    ["no keywords", { condition: { kind: "keyword", keywords: [] } }],
    ["a tag on an unknown label", { condition: { kind: "tag", label: "colour", value: "red" } }],
    [
      "a total threshold naming a value",
      { condition: { kind: "threshold", dimension: "total", value: "x", windowHours: 1, authors: 5 } },
    ],
    [
      "a dimension threshold without its value",
      { condition: { kind: "threshold", dimension: "intent", windowHours: 1, authors: 5 } },
    ],
    [
      "a window longer than a week",
      { condition: { kind: "threshold", dimension: "total", value: null, windowHours: 169, authors: 5 } },
    ],
    ["no channel", { channels: [] }],
    ["an email channel with a bad address", { channels: [{ type: "email", to: ["ops at example"] }] }],
    ["a quiet period over a week", { quietMinutes: 7 * 24 * 60 + 1 }],
    ["an unknown field", { colour: "red" }],
  ])("refuses %s", (_, change) => {
    expect(alertRuleInput.safeParse({ ...base, ...change }).success).toBe(false);
  });
});

describe("keyword matching", () => {
  it("matches whole words and phrases in order, whatever the case and punctuation", () => {
    expect(matchedKeywords("Total OUTAGE, no-signal here", ["outage", "no signal", "signal no"])).toEqual([
      "outage",
      "no signal",
    ]);
    expect(matchedKeywords("outages and signals", ["outage", "signal"])).toEqual([]);
    expect(matchedKeywords("café fermé", ["Café"])).toEqual(["Café"]);
  });

  it("is case-insensitive for mixed case and non-ASCII text, with accents still counting", () => {
    expect(matchedKeywords("Wo bleibt meine RÜCKERSTATTUNG???", ["Rückerstattung"])).toEqual([
      "Rückerstattung",
    ]);
    expect(matchedKeywords("wo bleibt meine rückerstattung", ["RÜCKERSTATTUNG"])).toEqual(["RÜCKERSTATTUNG"]);
    expect(matchedKeywords("ReFuNd PlEaSe", ["refund please"])).toEqual(["refund please"]);
    // The decomposed Ü (U and a combining diaeresis) is the same word as the composed one.
    expect(matchedKeywords("RU\u0308CKERSTATTUNG jetzt", ["rückerstattung"])).toEqual(["rückerstattung"]);
    expect(matchedKeywords("Hauptstraße gesperrt", ["HAUPTSTRASSE"])).toEqual(["HAUPTSTRASSE"]);
    expect(matchedKeywords("ΟΔΟΣ κλειστή", ["οδος"])).toEqual(["οδος"]);
    expect(matchedKeywords("İADE istiyorum", ["iade"])).toEqual(["iade"]);
    expect(matchedKeywords("ruckerstattung", ["Rückerstattung"])).toEqual([]);
    expect(matchedKeywords("CAFÉ", ["cafe"])).toEqual([]);
  });

  it("a tag rule compares the label value without regard to case; a missing topic matches nothing", () => {
    const post = {
      id: "p",
      text: "",
      authorId: "a",
      authorHandle: "a",
      intent: "complaint",
      topic: null,
      sentiment: "negative",
      language: "en",
      platform: "x",
      vip: false,
    };
    expect(matchPost({ kind: "tag", label: "intent", value: "Complaint" }, post)).toEqual({ terms: [] });
    expect(matchPost({ kind: "tag", label: "intent", value: "COMPLAINT" }, post)).toEqual({ terms: [] });
    expect(
      matchPost(
        { kind: "tag", label: "topic", value: "RÜCKERSTATTUNG" },
        { ...post, topic: "rückerstattung" },
      ),
    ).toEqual({ terms: [] });
    expect(
      matchPost({ kind: "keyword", keywords: ["Rückerstattung"] }, { ...post, text: "RÜCKERSTATTUNG bitte" }),
    ).toEqual({ terms: ["Rückerstattung"] });
    expect(matchPost({ kind: "tag", label: "topic", value: "none" }, post)).toBeNull();
    expect(matchPost({ kind: "vip" }, post)).toBeNull();
    expect(matchPost({ kind: "vip" }, { ...post, vip: true })).toEqual({ terms: [] });
  });
});

describe("the quiet period", () => {
  it("holds for its minutes after the last alert, and never without one", () => {
    const last = new Date(Date.UTC(2026, 0, 1, 12));
    expect(inQuietPeriod(null, 60, last)).toBe(false);
    expect(inQuietPeriod(last, 60, new Date(last.getTime() + 59 * 60_000))).toBe(true);
    expect(inQuietPeriod(last, 60, new Date(last.getTime() + 60 * 60_000))).toBe(false);
    expect(inQuietPeriod(last, 0, last)).toBe(false);
  });
});

describe("alert text", () => {
  const message = {
    ruleName: "Outages <!here>",
    firedAt: new Date(),
    why: {
      summary: '2 posts by 2 authors: mentions "outage"',
      topTerms: [{ term: "outage", authors: 2 }],
      topAuthors: [{ handle: "a&b", posts: 1 }],
      topPosts: [{ id: "p1", text: "see <https://evil.example|your bank> & <@U123>", authorHandle: "a&b" }],
    },
    suppressed: 3,
    link: "https://parley.example/#/alerts?alert=1",
  };

  it("escapes &, < and > in everything that came from outside for the chat tool", () => {
    expect(escapeChat("<a> & <b>")).toBe("&lt;a&gt; &amp; &lt;b&gt;");
    const { text } = chatPayload(message);
    expect(text).toContain("Parley alert: Outages &lt;!here&gt;");
    expect(text).toContain("see &lt;https://evil.example|your bank&gt; &amp; &lt;@U123&gt;");
    expect(text).toContain("a&amp;b");
    expect(text).toContain("3 more held back by the quiet period");
    expect(text.replace(message.link, "")).not.toMatch(/[<>]/);
  });

  it("email is plain text with a one-line subject", () => {
    const mail = emailContent({ ...message, ruleName: "Line\r\nBcc: x@example.com" });
    expect(mail.subject).toBe("Parley alert: Line Bcc: x@example.com");
    expect(mail.text).toContain("see <https://evil.example|your bank> & <@U123>");
  });
});

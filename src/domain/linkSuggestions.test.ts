import { describe, expect, it } from "vitest";
import {
  type CandidateCustomer,
  extractIdentifiers,
  SUGGEST_THRESHOLD,
  suggestLinks,
} from "./linkSuggestions.ts";

const customer = (id: string, over: Partial<CandidateCustomer> = {}): CandidateCustomer => ({
  id,
  name: null,
  emails: [],
  phones: [],
  handles: {},
  orders: [],
  location: null,
  ...over,
});
const author = (over: Partial<Parameters<typeof suggestLinks>[0]> = {}) => ({
  platform: "x",
  handle: "someone",
  name: null,
  privateTexts: [],
  allTexts: [],
  ...over,
});

describe("link suggestions", () => {
  it("reads identifiers as people write them", () => {
    expect(
      extractIdentifiers([
        "Mail: Ada.O@Example.COM. call 07700 900 123 or +44 (7700) 900-124, order ord-1234567",
      ]),
    ).toEqual({
      emails: ["ada.o@example.com"],
      phones: ["07700900123", "+447700900124"],
      orders: ["ORD-1234567"],
    });
  });

  it("suggests the customer whose email, phone or order the author gave privately, with that evidence", () => {
    const ada = customer("a", {
      emails: ["ada@example.com"],
      phones: ["+447700900123"],
      orders: ["ORD-7654321"],
    });
    for (const text of ["it's ADA@example.com", "ring 07700 900123", "order ord-7654321"]) {
      const [s, ...rest] = suggestLinks(author({ privateTexts: [text], allTexts: [text] }), [ada]);
      expect(rest).toEqual([]);
      expect(s!.customerId).toBe("a");
      expect(s!.confidence).toBeGreaterThanOrEqual(0.9);
      expect(s!.evidence).toHaveLength(1);
    }
    // Said in public, an identifier is no evidence of the account holder's identity here.
    expect(suggestLinks(author({ allTexts: ["ada@example.com"] }), [ada])).toEqual([]);
  });

  it("matches a CRM handle exactly on its platform, never one that looks alike", () => {
    const c = customer("a", { handles: { x: ["ada_okafor"] } });
    expect(suggestLinks(author({ handle: "@Ada_Okafor" }), [c]).map((s) => s.customerId)).toEqual(["a"]);
    for (const handle of ["ada_okafor1", "adaokafor", "ada.okafor", "ada__okafor"])
      expect(suggestLinks(author({ handle }), [c])).toEqual([]);
    expect(suggestLinks(author({ platform: "mastodon", handle: "ada_okafor" }), [c])).toEqual([]);
  });

  it("takes a name and a city as support, never alone, and splits evidence customers share", () => {
    const leeds = customer("a", { name: "Ada Okafor", location: "Leeds" });
    const namesake = customer("b", { name: "Ada Okafor", location: "Leeds" });
    const who = author({ name: "Ada Okafor", allTexts: ["@brand all of Leeds is down"] });
    expect(suggestLinks(who, [leeds])).toEqual([]);
    // With a phone the family shares, neither is suggested; with the name and city, the one holding both is.
    const phone = "+447700900123";
    const both = [
      { ...leeds, phones: [phone] },
      { ...namesake, name: "Bo Okafor", phones: [phone] },
    ];
    const given = { ...who, privateTexts: ["07700 900123"], allTexts: [...who.allTexts, "07700 900123"] };
    const out = suggestLinks(given, both);
    expect(out.map((s) => s.customerId)).toEqual(["a"]);
    expect(out[0]!.confidence).toBeGreaterThanOrEqual(SUGGEST_THRESHOLD);
    expect(suggestLinks({ ...given, name: null, allTexts: ["07700 900123"] }, both)).toEqual([]);
  });
});

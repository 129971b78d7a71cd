import { describe, expect, it } from "vitest";
import { isParleyError } from "../errors.ts";
import {
  applySettings,
  authorKind,
  type BrandSettings,
  competitorCampaign,
  holdsDerived,
  sortHandles,
  starterCampaign,
} from "./workspaceSettings.ts";

const base: BrandSettings = {
  name: "Lumen",
  brandHandles: ["lumenhelp"],
  platformHandles: { x: ["lumencare"] },
  brandNames: ["Lumen Mobile"],
  employeeHandles: ["x:jane", "bob"],
  competitors: [],
  languages: [],
  timeZone: "UTC",
};

describe("whose post it is", () => {
  it("takes a per-platform handle as the brand's only on that platform", () => {
    expect(authorKind(base, "x", "LumenCare")).toBe("brand");
    expect(authorKind(base, "bluesky", "lumencare")).toBe("other");
    expect(authorKind(base, "reddit", "lumenhelp")).toBe("brand");
  });

  it("tells employees' accounts apart, per platform or on every one", () => {
    expect(authorKind(base, "x", "Jane")).toBe("employee");
    expect(authorKind(base, "mastodon", "jane")).toBe("other");
    expect(authorKind(base, "mastodon", "bob")).toBe("employee");
  });
});

describe("settings", () => {
  it("sorts handles into every-platform and per-platform ones", () => {
    expect(sortHandles(["@Acme", "x:AcmeHelp", " ", "x:acmehelp"])).toEqual({
      brandHandles: ["acme"],
      platformHandles: { x: ["acmehelp"] },
    });
  });

  it("refuses an unknown platform, a bad time zone and a brand without handles", () => {
    const fails = (patch: Partial<BrandSettings>) => {
      try {
        applySettings(base, patch);
        return null;
      } catch (err) {
        return isParleyError(err, "validation_failed")
          ? (err.details as { path: string }[])[0]!.path
          : "other";
      }
    };
    expect(fails({ platformHandles: { myspace: ["tom"] } })).toBe("platformHandles.myspace");
    expect(fails({ timeZone: "Moon/Base" })).toBe("timeZone");
    expect(fails({ brandHandles: [], platformHandles: {} })).toBe("brandHandles");
    expect(fails({ timeZone: "asia/tokyo" })).toBeNull();
    expect(applySettings(base, { timeZone: "asia/tokyo" }).timeZone).toBe("Asia/Tokyo");
  });

  it("builds a starter campaign that leaves out the brand's and employees' posts", () => {
    expect(starterCampaign(base)).toEqual({
      name: "Everything about Lumen",
      query: '@lumenhelp OR @lumencare OR "Lumen Mobile"',
      languages: [],
      excludeAuthors: ["lumenhelp", "lumencare", "jane", "bob"],
    });
  });

  it("makes a competitor campaign only when there are competitors", () => {
    expect(competitorCampaign(base)).toBeNull();
    const rivals = competitorCampaign({ ...base, competitors: [{ name: "Orbit", handles: ["orbithelp"] }] });
    expect(rivals?.query).toBe('@orbithelp OR "Orbit"');
    expect(holdsDerived({ ...rivals!, languages: [], excludeAuthors: [] }, rivals!)).toBe(true);
    expect(holdsDerived({ ...rivals!, query: "orbit" }, rivals!)).toBe(false);
  });
});

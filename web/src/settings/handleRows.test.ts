import { describe, expect, it } from "vitest";
import { handleEntries, handlesFrom, rowsFrom, splitNames } from "./handleRows.ts";

describe("handle rows", () => {
  it("round-trip handles on every platform and per platform", () => {
    const rows = rowsFrom(["acme"], { x: ["acmehelp"], bluesky: ["acme.bsky.social"] });
    expect(rows).toEqual([
      { platform: "", handle: "acme" },
      { platform: "x", handle: "acmehelp" },
      { platform: "bluesky", handle: "acme.bsky.social" },
    ]);
    expect(
      handlesFrom([...rows, { platform: "x", handle: " @AcmeCare " }, { platform: "", handle: "" }]),
    ).toEqual({
      brandHandles: ["acme"],
      platformHandles: { x: ["acmehelp", "AcmeCare"], bluesky: ["acme.bsky.social"] },
    });
  });

  it("write the setup form's platform:handle entries", () => {
    expect(
      handleEntries([
        { platform: "x", handle: "@AcmeHelp" },
        { platform: "", handle: "acme" },
      ]),
    ).toEqual(["x:AcmeHelp", "acme"]);
  });

  it("split names on commas only", () => {
    expect(splitNames("Acme Rail, Acme ,, Acme")).toEqual(["Acme Rail", "Acme"]);
  });
});

import { describe, expect, it } from "vitest";
import { detectDirection } from "./direction.ts";

const post = (text: string, extra = {}) => ({ text, brandHandles: ["acmehelp"], ...extra });

describe("detectDirection", () => {
  it("treats the brand's own posts as from_brand", () => {
    expect(detectDirection(post("we are on it", { author: { handle: "AcmeHelp" } })).label).toBe(
      "from_brand",
    );
  });
  it("treats a post opening with the brand handle, a reply to the brand or a DM as to_brand", () => {
    expect(detectDirection(post("@AcmeHelp my order is late")).label).toBe("to_brand");
    expect(detectDirection(post("still late", { replyToHandle: "acmehelp" })).label).toBe("to_brand");
    expect(detectDirection(post("hi", { channel: "private" })).label).toBe("to_brand");
  });
  it("treats a mid-text mention or the brand's name as about_brand", () => {
    expect(detectDirection(post("@sam have you tried @acmehelp for this?")).label).toBe("about_brand");
    expect(detectDirection(post("acme lost my parcel again lol")).label).toBe("about_brand");
  });
  it("reports unrelated when nothing points at the brand", () => {
    expect(detectDirection(post("lovely weather today")).label).toBe("unrelated");
  });
});

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
  it("treats a handle spoken to after the start as to_brand", () => {
    const to = (t: string) => detectDirection(post(t)).label;
    // A greeting, thanks or plea before the handle.
    expect(to("Hey @acmehelp, the router keeps dropping every evening")).toBe("to_brand");
    expect(to("thank you @AcmeHelp for sorting my refund so quickly")).toBe("to_brand");
    expect(to("Hola @acmehelp necesito ayuda con mi factura")).toBe("to_brand");
    // A second person, a question or a plea right after it.
    expect(to("So the parcel went to the wrong town. @acmehelp can you fix this?")).toBe("to_brand");
    expect(to("third missed delivery this month @acmehelp your drivers never knock")).toBe("to_brand");
    // The handle closing the post, links and hashtags aside.
    expect(to("APP WON'T OPEN SINCE THE UPDATE #fail @acmehelp https://t.co/x")).toBe("to_brand");
  });
  it("keeps a handle spoken of as about_brand", () => {
    const about = (t: string) => detectDirection(post(t)).label;
    expect(about("picked up a cheap lamp at @acmehelp today")).toBe("about_brand");
    expect(about("worst afternoon of my life with @acmehelp, never again")).toBe("about_brand");
    expect(about("queueing at @acmehelp in my costume for the free coffee")).toBe("about_brand");
    expect(about("nowhere near an @acmehelp store 😩")).toBe("about_brand");
    // A post opening by addressing someone else speaks to them.
    expect(about("@sam ask @acmehelp, they sorted mine")).toBe("about_brand");
  });
  it("treats a mid-text mention or the brand's name as about_brand", () => {
    expect(detectDirection(post("@sam have you tried @acmehelp for this?")).label).toBe("about_brand");
    expect(detectDirection(post("acme lost my parcel again lol")).label).toBe("about_brand");
  });
  it("reports unrelated when nothing points at the brand", () => {
    expect(detectDirection(post("lovely weather today")).label).toBe("unrelated");
  });

  describe("brand names", () => {
    const orbit = (text: string) =>
      detectDirection({ text, brandHandles: ["orbithelp"], brandNames: ["Orbit Telecom"] });
    it("counts the full brand name, also as a hashtag, without needing context", () => {
      expect(orbit("Orbit  Telecom sent me a lovely card").label).toBe("about_brand");
      expect(orbit("#OrbitTelecom again").label).toBe("about_brand");
    });
    it("counts a bare ambiguous word only beside words of a customer relationship", () => {
      expect(orbit("orbit dropped my calls all week, no signal").label).toBe("about_brand");
      expect(orbit("the orbit of the comet was wider than predicted").label).toBe("unrelated");
    });
    it("does not take a unit after a number for the brand", () => {
      const r = detectDirection({
        text: "this 900 lux lamp has poor service life",
        brandHandles: ["luxcare"],
      });
      expect(r.label).toBe("unrelated");
    });
  });
});

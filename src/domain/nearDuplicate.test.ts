import { describe, expect, it } from "vitest";
import { fingerprintWords, NEAR_DUPLICATE_WINDOW_MS, repeats, textFingerprint } from "./nearDuplicate.ts";

describe("text fingerprints", () => {
  const text = "My parcel never arrived and nobody answers the phone";

  it("are the same for the same words, whatever case, accents, punctuation, links, handles or RT", () => {
    const same = [
      "my parcel never arrived, and NOBODY answers the phone!!",
      "RT @dana: My parcel never arrived and nobody answers the phone https://t.co/x1",
      "@lumenhelp My parcel never arrived and nobody answers the phone www.example.com/a?b=c",
      "My parcel névér arrived and nobody answers the phone …",
    ];
    for (const s of same) expect(textFingerprint(s)).toBe(textFingerprint(text));
    expect(fingerprintWords("RT @dana: Hello, wörld https://x.y/z")).toEqual(["hello", "world"]);
  });

  it("differ when a word differs, and a text too short to tell apart has none", () => {
    expect(textFingerprint("My parcel never arrived and nobody answers the door")).not.toBe(
      textFingerprint(text),
    );
    expect(textFingerprint("thanks so much!")).toBeNull();
    expect(textFingerprint("@lumenhelp https://a.b/c same here")).toBeNull();
    expect(textFingerprint(text)).toMatch(/^[0-9a-f]{16}$/);
  });

  it("group a later post with an earlier one only within the window", () => {
    const earlier = { platformId: "a", authorId: "u", postedAt: new Date(0) };
    expect(repeats(earlier, "b", new Date(NEAR_DUPLICATE_WINDOW_MS))).toBe(true);
    expect(repeats(earlier, "b", new Date(NEAR_DUPLICATE_WINDOW_MS + 1))).toBe(false);
    expect(repeats(earlier, "a", new Date(10))).toBe(false);
    expect(repeats({ ...earlier, postedAt: new Date(10) }, "b", new Date(0))).toBe(false);
  });
});

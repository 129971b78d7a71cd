import { describe, expect, it } from "vitest";
import { base32Decode, base32Encode, hotp, newTotpSecret, totpAt, verifyTotp } from "./totp.ts";

const RFC_SECRET = Buffer.from("12345678901234567890");

describe("one-time passwords", () => {
  it("match RFC 4226's HOTP test values", () => {
    const expected = [
      "755224",
      "287082",
      "359152",
      "969429",
      "338314",
      "254676",
      "287922",
      "162583",
      "399871",
      "520489",
    ];
    expect(expected.map((_, i) => hotp(RFC_SECRET, i))).toEqual(expected);
  });

  it("match RFC 6238's TOTP test values (SHA-1, eight digits)", () => {
    expect(totpAt(RFC_SECRET, 59_000, 8)).toBe("94287082");
    expect(totpAt(RFC_SECRET, 1_111_111_109_000, 8)).toBe("07081804");
    expect(totpAt(RFC_SECRET, 20_000_000_000_000, 8)).toBe("65353130");
  });

  it("round-trips base32", () => {
    expect(base32Encode(Buffer.from("foobar"))).toBe("MZXW6YTBOI");
    expect(base32Decode("MZXW6YTBOI").toString()).toBe("foobar");
  });

  it("accepts the code of this step and its neighbours, and nothing else", () => {
    const secret = newTotpSecret();
    const now = 1_700_000_000_000;
    const code = (t: number) => totpAt(base32Decode(secret), t);
    expect(verifyTotp(secret, code(now), now)).toBe(true);
    expect(verifyTotp(secret, code(now - 30_000), now)).toBe(true);
    expect(verifyTotp(secret, code(now - 90_000), now)).toBe(false);
    expect(verifyTotp(secret, "12345", now)).toBe(false);
  });
});

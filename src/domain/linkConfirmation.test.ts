import { describe, expect, it } from "vitest";
import {
  confirmationState,
  confirmationText,
  confirmationUrl,
  TOKEN_STAND_IN,
  withToken,
} from "./linkConfirmation.ts";

describe("a link confirmation's message and state", () => {
  it("ends the message with the link, whose token replaces the stand-in only when sent", () => {
    const stored = confirmationText(
      "Lumen",
      "@ines",
      confirmationUrl("https://care.example/", TOKEN_STAND_IN),
    );
    expect(stored.startsWith("Hello @ines, Lumen would like")).toBe(true);
    expect(stored.endsWith(`https://care.example/#/confirm/${TOKEN_STAND_IN}`)).toBe(true);
    expect(withToken(stored, "abc_DEF-1")).toBe(stored.replace(TOKEN_STAND_IN, "abc_DEF-1"));
    expect(withToken("an agent's own reply", "abc")).toBeNull();
  });

  it("is open until used or until it expires, at the instant it expires", () => {
    const expiresAt = new Date(1_000);
    expect(confirmationState({ usedAt: null, expiresAt }, 999)).toBe("open");
    expect(confirmationState({ usedAt: null, expiresAt }, 1_000)).toBe("expired");
    expect(confirmationState({ usedAt: new Date(10), expiresAt }, 5)).toBe("used");
  });
});

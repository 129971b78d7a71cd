import { describe, expect, it } from "vitest";
import { DEFAULT_SURVEY_SETTINGS, type InviteFacts, invitationText, mayInvite } from "./survey.ts";

const DAY = 24 * 60 * 60_000;
const facts = (over: Partial<InviteFacts> = {}): InviteFacts => ({
  settings: DEFAULT_SURVEY_SETTINGS,
  now: 100 * DAY,
  resolved: true,
  authorIsBrand: false,
  channelUnavailable: null,
  lastInvitedAt: null,
  consentDeclined: null,
  ...over,
});

describe("mayInvite", () => {
  it("invites a customer never asked whose item is resolved", () => {
    expect(mayInvite(facts())).toEqual({ invite: true });
  });

  it.each([
    [{ settings: { ...DEFAULT_SURVEY_SETTINGS, enabled: false } }, "Surveys are turned off"],
    [{ resolved: false }, "The item is no longer resolved"],
    [{ authorIsBrand: true }, "The author is the brand"],
    [
      { channelUnavailable: "The conversation's source is disabled" },
      "The conversation's source is disabled",
    ],
    [{ lastInvitedAt: 100 * DAY - 29 * DAY }, "Invited less than 30 days ago"],
    [{ consentDeclined: "The customer declined surveys" }, "The customer declined surveys"],
  ])("does not invite when %j", (over, reason) => {
    expect(mayInvite(facts(over))).toEqual({ invite: false, reason });
  });

  it("invites again once the set number of days has passed", () => {
    expect(mayInvite(facts({ lastInvitedAt: 100 * DAY - 30 * DAY }))).toEqual({ invite: true });
    const weekly = { ...DEFAULT_SURVEY_SETTINGS, cooldownDays: 7 };
    expect(mayInvite(facts({ settings: weekly, lastInvitedAt: 100 * DAY - 8 * DAY }))).toEqual({
      invite: true,
    });
  });
});

describe("invitationText", () => {
  it("asks in the post's language and falls back to English", () => {
    expect(invitationText("es", "Lumen")).toMatch(/^Gracias por hablar con Lumen\..*del 1/);
    expect(invitationText("de-AT", "Lumen")).toMatch(/^Danke/);
    expect(invitationText("ja", "Lumen")).toMatch(/^Thanks for talking to Lumen\./);
    expect(invitationText(null, "Lumen")).toContain("1 (poor) to 5 (excellent)");
  });
});

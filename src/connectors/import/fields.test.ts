import { describe, expect, it } from "vitest";
import { idText, parseDate } from "./fields.ts";

describe("parseDate", () => {
  it.each([
    ["Tue Oct 31 22:10:47 +0000 2017", "2017-10-31T22:10:47.000Z"],
    ["Tue Oct 31 22:10:47 -0130 2017", "2017-10-31T23:40:47.000Z"],
    ["2024-03-01T10:00:00Z", "2024-03-01T10:00:00.000Z"],
    ["2024-03-01T10:00:00+02:00", "2024-03-01T08:00:00.000Z"],
    ["Fri, 01 Mar 2024 10:00:00 +0000", "2024-03-01T10:00:00.000Z"],
    ["1709287200", "2024-03-01T10:00:00.000Z"],
    ["1709287200000", "2024-03-01T10:00:00.000Z"],
  ])("reads %s", (input, iso) => {
    expect(parseDate(input)?.toISOString()).toBe(iso);
  });

  it.each([
    "",
    "yesterday",
    "1",
    "01/02/2024",
    "Tue Feb 31 22:10:47 +0000 2017",
    "Tue Xyz 01 22:10:47 +0000 2017",
  ])("rejects %j", (input) => {
    expect(parseDate(input)).toBeUndefined();
  });
});

describe("idText", () => {
  it("drops the .0 spreadsheets add to integer ids", () => {
    expect(idText("3.0")).toBe("3");
    expect(idText(12)).toBe("12");
    expect(idText("  ")).toBeUndefined();
  });
});

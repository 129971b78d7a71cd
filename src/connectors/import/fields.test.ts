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

describe("parseDate on UTC timestamps", () => {
  it.each([
    ["2024-03-01T10:00:00.5Z", "2024-03-01T10:00:00.500Z"],
    ["2024-03-01T10:00:00.123456Z", "2024-03-01T10:00:00.123Z"],
    ["2024-02-29T23:59:59Z", "2024-02-29T23:59:59.000Z"],
  ])("reads %s", (input, iso) => {
    expect(parseDate(input)?.toISOString()).toBe(iso);
  });

  it("rejects a day that does not exist", () => {
    expect(parseDate("2023-02-29T10:00:00Z")).toBeUndefined();
  });
});

describe("parseDate calendar checks", () => {
  it.each([
    "2024-04-31T00:00:00Z",
    "2100-02-29T00:00:00Z",
    "2024-13-01T00:00:00Z",
    "2024-01-01T25:00:00Z",
    "2024-01-01T10:61:00Z",
  ])("rejects %s", (input) => {
    expect(parseDate(input)).toBeUndefined();
  });

  it("accepts 29 February in a leap century", () => {
    expect(parseDate("2000-02-29T00:00:00Z")?.toISOString()).toBe("2000-02-29T00:00:00.000Z");
  });
});

describe("parseDate's arithmetic path for toISOString()'s form", () => {
  it.each([
    "2025-03-01T12:34:56Z",
    "2025-03-01T12:34:56.789Z",
    "2024-12-31T23:59:59.999Z",
    "0150-06-15T08:00:00.000Z",
    "0050-06-15T08:00:00.000Z",
    "2024-01-01T24:00:00.000Z",
    "2024-01-01T10:00:60Z",
  ])("agrees with the date string parser on %s", (input) => {
    const expected = new Date(input);
    expect(parseDate(input)?.getTime()).toBe(
      Number.isNaN(expected.getTime()) ? undefined : expected.getTime(),
    );
  });

  it("still rejects a day that does not exist", () => {
    expect(parseDate("2023-02-29T10:00:00.000Z")).toBeUndefined();
  });
});

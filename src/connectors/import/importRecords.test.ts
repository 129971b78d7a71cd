import { describe, expect, it } from "vitest";
import { bytesOf } from "../../../test/support/streams.ts";
import { detectFormat, type ImportItem, type ImportOptions, importRecords } from "./importRecords.ts";

async function run(input: string, options: ImportOptions = {}): Promise<ImportItem[]> {
  const out: ImportItem[] = [];
  for await (const item of importRecords(bytesOf(input, 7), options)) out.push(item);
  return out;
}

const summary = (items: ImportItem[]) =>
  items.map((i) => ("post" in i ? [i.line, i.post.platformId] : [i.line, i.error.code]));

const TWCS_HEADER = "tweet_id,author_id,inbound,created_at,text,response_tweet_id,in_response_to_tweet_id";

function twcsRow(id: number, author: string, inbound: boolean, text: string, replyTo = ""): string {
  return `${id},${author},${inbound ? "True" : "False"},Tue Oct 31 22:10:47 +0000 2017,"${text}",,${replyTo}`;
}

describe("detectFormat", () => {
  it("recognises each format from its first line", () => {
    expect(detectFormat('{"id":1}')).toBe("jsonl");
    expect(detectFormat(TWCS_HEADER)).toBe("twcs");
    expect(detectFormat("ID, Text ,author")).toBe("csv");
    expect(detectFormat("name,age")).toBeUndefined();
  });
});

describe("importRecords with twcs", () => {
  it("maps customer posts and brand replies with their reply links", async () => {
    const input = [
      TWCS_HEADER,
      twcsRow(1, "sprintcare", false, "@115712 Please DM us", "2.0"),
      twcsRow(2, "115712", true, "@sprintcare my phone, again\nno signal"),
    ].join("\n");
    const items = await run(input);
    expect(summary(items)).toEqual([
      [2, "1"],
      [3, "2"],
    ]);
    const [brand, customer] = items.map((i) => ("post" in i ? i.post : undefined));
    expect(brand).toMatchObject({
      platform: "x",
      replyToPlatformId: "2",
      author: { platformId: "sprintcare", handle: "sprintcare", isBrand: true },
      mentions: ["115712"],
      createdAt: new Date("2017-10-31T22:10:47Z"),
    });
    expect(customer).toMatchObject({
      text: "@sprintcare my phone, again\nno signal",
      author: { isBrand: false },
    });
    expect(customer?.replyToPlatformId).toBeUndefined();
  });

  it("reports bad rows by line and imports the rest", async () => {
    const input = [
      TWCS_HEADER,
      "7,115,True,Tue Oct 31 22:10:47 +0000 2017,@AskPayPal ",
      "",
      "8,",
      twcsRow(9, "115", true, "fine"),
      twcsRow(10, "115", true, "  "),
      "11,115,Maybe,Tue Oct 31 22:10:47 +0000 2017,x,,",
      "12,115,True,yesterday,x,,",
    ].join("\n");
    expect(summary(await run(input))).toEqual([
      [2, "malformed_line"],
      [4, "malformed_line"],
      [5, "9"],
      [6, "validation_failed"],
      [7, "validation_failed"],
      [8, "validation_failed"],
    ]);
  });
});

describe("importRecords with generic CSV", () => {
  it("reads columns by name in any order, with defaults for the optional ones", async () => {
    const now = new Date("2025-05-05T00:00:00Z");
    const input =
      "text,id,author,followers,verified,platform\nhello @lumen,a1,@ana,1200,true,bluesky\nhi,a2,,,,";
    const items = await run(input, { now });
    expect(items[0]).toMatchObject({
      post: {
        platformId: "a1",
        platform: "bluesky",
        author: { handle: "ana", followers: 1200, verified: true },
      },
    });
    expect(items[1]).toMatchObject({
      post: { platform: "webhook", author: { handle: "unknown" }, createdAt: now },
    });
  });

  it("rejects unknown platforms and bad counts per row", async () => {
    const items = await run("id,text,platform,followers\n1,a,myspace,\n2,b,x,lots\n3,c,x,5");
    expect(summary(items)).toEqual([
      [2, "validation_failed"],
      [3, "validation_failed"],
      [4, "3"],
    ]);
  });

  it("stops with one error when the header lacks required columns", async () => {
    expect(summary(await run("id,body\n1,x", { format: "csv" }))).toEqual([[1, "malformed_line"]]);
  });
});

describe("importRecords with JSONL", () => {
  it("accepts an author object or a bare handle and reports bad lines", async () => {
    const input = [
      '{"id":1,"text":"hi","author":{"handle":"ana","followers":"10"},"created_at":"2024-03-01T10:00:00Z","channel":"private"}',
      '{"id":"2","text":"yo","author":"bo","created_at":1709287200,"reply_to":1,"reply_to_handle":"@ana"}',
      "not json",
      '{"id":"3"}',
      '{"id":"4","text":"x","created_at":"01/02/2024"}',
    ].join("\n");
    const items = await run(input);
    expect(summary(items)).toEqual([
      [1, "1"],
      [2, "2"],
      [3, "malformed_line"],
      [4, "validation_failed"],
      [5, "validation_failed"],
    ]);
    expect(items[0]).toMatchObject({
      post: { channel: "private", author: { handle: "ana", followers: 10 } },
    });
    expect(items[1]).toMatchObject({
      post: { replyToPlatformId: "1", replyToHandle: "ana", createdAt: new Date("2024-03-01T10:00:00Z") },
    });
  });
});

describe("importRecords progress and resume", () => {
  it("reports growing byte offsets ending at the input size", async () => {
    const input = '{"id":1,"text":"a"}\n{"id":2,"text":"b"}\n';
    const items = await run(input);
    expect(items.map((i) => i.bytesRead)).toEqual([20, 40]);
  });

  it("skips what an earlier run already yielded and keeps line numbers", async () => {
    const input = `${TWCS_HEADER}\n${twcsRow(1, "a", true, "x")}\n${twcsRow(2, "a", true, "y")}\n${twcsRow(3, "a", true, "z")}`;
    const first = await run(input);
    const resumed = await run(input, { resumeAfter: first[0]!.bytesRead });
    expect(summary(resumed)).toEqual([
      [3, "2"],
      [4, "3"],
    ]);
  });
});

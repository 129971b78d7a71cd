import { describe, expect, it } from "vitest";
import { atom, entries, entry, jsonFeed, rss1, rss2 } from "../../../test/support/feeds.ts";
import { type FeedEntry, FeedUnreadable, isFault } from "./model.ts";
import { parseFeed } from "./parseFeed.ts";

const parse = (text: string, contentType: string | null = null) => parseFeed(Buffer.from(text), contentType);
const readable = (doc: ReturnType<typeof parse>) => doc.entries.filter((e): e is FeedEntry => !isFault(e));

function unreadable(text: string | Buffer): FeedUnreadable {
  try {
    parseFeed(typeof text === "string" ? Buffer.from(text) : text, null);
  } catch (err) {
    if (err instanceof FeedUnreadable) return err;
    throw err;
  }
  throw new Error("the feed was read");
}

describe("parseFeed", () => {
  it.each([
    ["rss2", rss2],
    ["rss1", rss1],
    ["atom", atom],
    ["json", (e: ReturnType<typeof entries>) => jsonFeed(e)],
  ] as const)("reads %s entries: id, link, title, plain body, author and date", (format, write) => {
    const doc = parse(write(entries(3)));
    expect(doc.format).toBe(format);
    const [first] = readable(doc);
    expect(first).toMatchObject({
      id: "https://blog.example.com/posts/1",
      link: "https://blog.example.com/posts/1.html",
      title: "Post number 1 about Lumen",
      body: "The Lumen app crashed again & support was slow (1).",
      author: { name: "Writer 1" },
    });
    expect(new Date(first!.published!).toISOString()).toBe("2026-01-01T00:01:00.000Z");
    expect(doc.entries).toHaveLength(3);
  });

  it("keeps each XML entry's source exactly as the feed wrote it", () => {
    const text = atom([entry(1, { html: "<p>caf\u00e9 \u{1F600}</p>" }), entry(2)]);
    const [first, second] = readable(parse(text));
    const sources = [first!.source, second!.source] as string[];
    for (const source of sources) {
      expect(source).toMatch(/^<entry>[\s\S]*<\/entry>$/);
      expect(text).toContain(source);
    }
    expect(sources[0]).toContain("caf\u00e9 \u{1F600}");
  });

  it("reads JSON Feed 1.0's single author and numeric ids", () => {
    const text = jsonFeed([entry(1)], "1").replace('"id":"https://blog.example.com/posts/1"', '"id":42');
    const [first] = readable(parse(text));
    expect(first).toMatchObject({ id: "42", author: { name: "Writer 1" } });
  });

  it("finds the WebSub hub an Atom, RSS or JSON feed advertises", () => {
    const hub =
      '<link rel="hub" href="https://hub.example.com/"/><link rel="self" href="https://blog.example.com/feed"/>';
    expect(parse(atom([], hub))).toMatchObject({
      hub: "https://hub.example.com/",
      self: "https://blog.example.com/feed",
    });
    expect(parse(rss2([], hub.replaceAll("<link", "<atom:link")))).toMatchObject({
      hub: "https://hub.example.com/",
    });
    expect(parse(jsonFeed([]))).toMatchObject({ hub: "https://hub.example.com/" });
  });

  it("reads Atom text constructs by type: text, escaped html and inline xhtml without scripts", () => {
    const feed = `<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>tag:x,2026:1</id>
      <title type="html">A &amp;lt;b&amp;gt; title</title>
      <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Hello <b>there</b></p><script>alert(1)</script><p>bye</p></div></content>
      </entry><entry><id>tag:x,2026:2</id><title>5 &lt; 6</title><summary>plain &amp; simple</summary></entry></feed>`;
    const [one, two] = readable(parse(feed));
    expect(one).toMatchObject({ title: "A <b> title", body: "Hello there\nbye" });
    expect(two).toMatchObject({ title: "5 < 6", body: "plain & simple" });
  });

  it("prefers content:encoded over the RSS description and reads RSS's email (name) author", () => {
    const feed = `<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>t</title>
      <item><guid>g1</guid><description>short</description><content:encoded><![CDATA[<p>full <i>text</i></p>]]></content:encoded>
      <author>jane@example.com (Jane Doe)</author></item></channel></rss>`;
    const [first] = readable(parse(feed));
    expect(first).toMatchObject({
      body: "full text",
      author: { email: "jane@example.com", name: "Jane Doe" },
    });
  });

  it("decodes by the XML declaration's encoding and by the HTTP charset", () => {
    const latin = Buffer.concat([
      Buffer.from(
        '<?xml version="1.0" encoding="ISO-8859-1"?><rss version="2.0"><channel><item><guid>1</guid><title>caf',
      ),
      Buffer.from([0xe9]),
      Buffer.from("</title></item></channel></rss>"),
    ]);
    expect(readable(parseFeed(latin, null))[0]!.title).toBe("café");
    expect(readable(parseFeed(latin, "application/rss+xml; charset=iso-8859-1"))[0]!.title).toBe("café");
  });

  it("refuses what does not parse as malformed_payload", () => {
    expect(unreadable("<rss><channel><item></channel></rss>").code).toBe("malformed_payload");
    expect(unreadable('{"version": "https://jsonfeed.org/version/1.1", "items": [').code).toBe(
      "malformed_payload",
    );
    expect(unreadable("hello").code).toBe("malformed_payload");
    expect(unreadable("").code).toBe("malformed_payload");
    expect(unreadable(Buffer.from([0x3c, 0x72, 0xff, 0xfe, 0x3e])).code).toBe("malformed_payload");
  });

  it("refuses a well-formed document that is no feed as unsupported_payload", () => {
    expect(unreadable("<html><body>hi</body></html>").code).toBe("unsupported_payload");
    expect(unreadable('{"items": []}').code).toBe("unsupported_payload");
  });

  it("expands no entity a DOCTYPE declares (billion laughs) and fetches none (XXE)", () => {
    const laughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">
      <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
      <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
      <rss version="2.0"><channel><item><guid>1</guid><title>&lol3;</title></item></channel></rss>`;
    const started = performance.now();
    expect(unreadable(laughs).message).toMatch(/undefined entity|entity/i);
    expect(performance.now() - started).toBeLessThan(1000);
    const xxe = `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>
      <rss version="2.0"><channel><item><guid>1</guid><title>&x;</title></item></channel></rss>`;
    expect(unreadable(xxe).code).toBe("malformed_payload");
  });

  it("reads a DOCTYPE that declares nothing used, as RSS 0.91 feeds carry", () => {
    const feed = `<?xml version="1.0"?><!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN"
      "http://my.netscape.com/publish/formats/rss-0.91.dtd"><rss version="0.91"><channel><title>t</title>
      <item><title>old</title><link>https://old.example.com/1</link></item></channel></rss>`;
    expect(readable(parse(feed))[0]).toMatchObject({ title: "old", link: "https://old.example.com/1" });
  });

  it("reports a JSON item that is not an object as a fault and keeps the rest", () => {
    const text = JSON.stringify({
      version: "https://jsonfeed.org/version/1.1",
      items: [{ id: "a", content_text: "fine" }, "nonsense", { id: { deep: 1 }, content_text: "bad id" }],
    });
    const doc = parse(text);
    expect(doc.entries.map((e) => (isFault(e) ? e.reason : e.id))).toEqual([
      "a",
      "The item is not an object",
      "The item's id is neither text nor a number",
    ]);
  });
});

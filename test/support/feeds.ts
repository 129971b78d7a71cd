/** Small factories for feed documents in each format, written as real publishers write them. */

export interface EntrySpec {
  id: string;
  title: string;
  /** HTML. */
  html: string;
  link?: string;
  author?: string;
  date?: Date;
}

const esc = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

export function entry(n: number, overrides: Partial<EntrySpec> = {}): EntrySpec {
  return {
    id: `https://blog.example.com/posts/${n}`,
    title: `Post number ${n} about Lumen`,
    html: `<p>The <b>Lumen</b> app crashed again &amp; support was slow (${n}).</p>`,
    link: `https://blog.example.com/posts/${n}.html`,
    author: `Writer ${n % 7}`,
    date: new Date(Date.UTC(2026, 0, 1, 0, n % 60, 0)),
    ...overrides,
  };
}

export function rss2(entries: EntrySpec[], extra = ""): string {
  const items = entries
    .map(
      (e) => `  <item>
    <title>${esc(e.title)}</title>
    ${e.link ? `<link>${esc(e.link)}</link>` : ""}
    <guid isPermaLink="false">${esc(e.id)}</guid>
    <description>${esc(e.html)}</description>
    ${e.author ? `<dc:creator>${esc(e.author)}</dc:creator>` : ""}
    ${e.date ? `<pubDate>${e.date.toUTCString()}</pubDate>` : ""}
  </item>`,
    )
    .join("\n");
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
  <title>Example blog</title>
  <link>https://blog.example.com/</link>
  <language>en-us</language>
  ${extra}
${items}
</channel>
</rss>
`;
}

export function rss1(entries: EntrySpec[]): string {
  const items = entries
    .map(
      (e) => `<item rdf:about="${esc(e.id)}">
  <title>${esc(e.title)}</title>
  <link>${esc(e.link ?? e.id)}</link>
  <description>${esc(e.html)}</description>
  ${e.author ? `<dc:creator>${esc(e.author)}</dc:creator>` : ""}
  ${e.date ? `<dc:date>${e.date.toISOString()}</dc:date>` : ""}
</item>`,
    )
    .join("\n");
  return `<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
  xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://forum.example.org/rss">
  <title>Example forum</title>
  <link>https://forum.example.org/</link>
  <description>Threads</description>
  <items><rdf:Seq>${entries.map((e) => `<rdf:li resource="${esc(e.id)}"/>`).join("")}</rdf:Seq></items>
</channel>
${items}
</rdf:RDF>
`;
}

export function atom(entries: EntrySpec[], extra = ""): string {
  const items = entries
    .map(
      (e) => `<entry>
  <id>${esc(e.id)}</id>
  <title type="text">${esc(e.title)}</title>
  ${e.link ? `<link rel="alternate" type="text/html" href="${esc(e.link)}"/>` : ""}
  ${e.date ? `<published>${e.date.toISOString()}</published><updated>${e.date.toISOString()}</updated>` : ""}
  ${e.author ? `<author><name>${esc(e.author)}</name></author>` : ""}
  <content type="html">${esc(e.html)}</content>
</entry>`,
    )
    .join("\n");
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
  <title>Example reviews</title>
  <id>urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6</id>
  <updated>2026-01-05T09:00:00Z</updated>
  <link rel="alternate" href="https://reviews.example.net/"/>
  ${extra}
${items}
</feed>
`;
}

export function jsonFeed(entries: EntrySpec[], version = "1.1"): string {
  return JSON.stringify({
    version: `https://jsonfeed.org/version/${version}`,
    title: "Example JSON feed",
    home_page_url: "https://json.example.com/",
    feed_url: "https://json.example.com/feed.json",
    hubs: [{ type: "WebSub", url: "https://hub.example.com/" }],
    items: entries.map((e) => ({
      id: e.id,
      url: e.link,
      title: e.title,
      content_html: e.html,
      date_published: e.date?.toISOString(),
      ...(version === "1.1"
        ? { authors: e.author ? [{ name: e.author }] : undefined }
        : { author: e.author ? { name: e.author } : undefined }),
    })),
  });
}

export function entries(count: number, from = 1): EntrySpec[] {
  return Array.from({ length: count }, (_, i) => entry(from + i));
}

/**
 * How fast a feed body becomes posts: decoding, XML or JSON parsing, HTML to text, the mapping to
 * drafts and `normalizePost`, on one large file per format (no network). Rates are per second of
 * this process's CPU time (the machines are shared), median of several runs; wall-clock rates
 * are printed alongside. Also the size of a full cursor.
 *
 * Run: node bench/feeds.ts [entries]   (writes bench/results/feeds.json)
 */
import { mkdirSync, writeFileSync } from "node:fs";
import {
  entryKey,
  MAX_REMEMBERED_ENTRIES,
  MAX_REMEMBERED_KEYS,
  writeCursor,
} from "../src/connectors/feed/cursor.ts";
import { isFault } from "../src/connectors/feed/model.ts";
import { parseFeed } from "../src/connectors/feed/parseFeed.ts";
import { entryToDraft } from "../src/connectors/feed/toPost.ts";
import { normalizePost } from "../src/pipeline/normalize.ts";
import { atom, type EntrySpec, entry, jsonFeed, rss2 } from "../test/support/feeds.ts";

const RUNS = 7;
const count = Number(process.argv[2] ?? 10_000);

/** Entries like a blog's full-text feed: a few paragraphs of HTML with links, markup and an image. */
function blogEntry(n: number): EntrySpec {
  const paragraph = (i: number) =>
    `<p>Paragraph ${i} of post ${n}: the <a href="https://shop.example.com/p/${n}">Lumen X${n % 9}</a> ` +
    `battery &amp; <em>charging</em> after the update &mdash; &ldquo;still not fixed&rdquo;, says support.</p>`;
  return entry(n, {
    html:
      `<div>${[1, 2, 3, 4].map(paragraph).join("")}<img src="https://img.example.com/${n}.jpg" alt="photo">` +
      `<script>track(${n})</script></div>`,
  });
}

function measure(
  name: string,
  body: Buffer,
): { entries_per_s: number; wall_entries_per_s: number; mb_per_s: number } {
  const feedUrl = "https://blog.example.com/feed";
  const rates: number[] = [];
  const wall: number[] = [];
  let posts = 0;
  for (let run = 0; run < RUNS; run++) {
    const cpu = process.cpuUsage();
    const started = performance.now();
    const doc = parseFeed(body, null);
    const now = new Date();
    posts = 0;
    for (const item of doc.entries) {
      if (isFault(item)) continue;
      const draft = entryToDraft(item, { feedUrl, baseUrl: feedUrl, doc, now });
      if ("reason" in draft) continue;
      normalizePost(draft);
      entryKey("id", draft.platformId);
      if (draft.url) entryKey("link", draft.url);
      posts++;
    }
    const used = process.cpuUsage(cpu);
    rates.push(posts / ((used.user + used.system) / 1e6));
    wall.push(posts / ((performance.now() - started) / 1000));
  }
  if (posts !== count) throw new Error(`${name}: ${posts} posts from ${count} entries`);
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const entriesPerS = Math.round(median(rates));
  const result = {
    entries_per_s: entriesPerS,
    wall_entries_per_s: Math.round(median(wall)),
    mb_per_s: +((entriesPerS * body.length) / count / 1e6).toFixed(1),
  };
  console.log(`${name}: ${count} entries, ${(body.length / 1e6).toFixed(1)} MB: ${JSON.stringify(result)}`);
  return result;
}

const specs = Array.from({ length: count }, (_, i) => blogEntry(i + 1));
const atomResult = measure("atom", Buffer.from(atom(specs)));
const rssResult = measure("rss2", Buffer.from(rss2(specs)));
const jsonResult = measure("json", Buffer.from(jsonFeed(specs)));

// A cursor at its cap: every remembered entry with an id and a link, and the validators nginx sends.
const fullCursor = writeCursor({
  v: 1,
  url: "https://blog.example.com/feed",
  etag: 'W/"6b0f6a1c-5d2e1"',
  lastModified: "Mon, 05 Jan 2026 09:00:00 GMT",
  hub: "https://hub.example.com/",
  seen: Array.from({ length: MAX_REMEMBERED_KEYS }, (_, i) => entryKey(i % 2 ? "link" : "id", String(i))),
});

const results = {
  feed_parse_atom_entries_per_s: atomResult.entries_per_s,
  feed_parse_rss_entries_per_s: rssResult.entries_per_s,
  feed_parse_json_entries_per_s: jsonResult.entries_per_s,
  atom: atomResult,
  rss2: rssResult,
  json: jsonResult,
  entries: count,
  runs: RUNS,
  cursor_max_entries: MAX_REMEMBERED_ENTRIES,
  cursor_max_keys: MAX_REMEMBERED_KEYS,
  cursor_max_bytes: Buffer.byteLength(fullCursor),
  node: process.version,
  at: new Date().toISOString(),
};
mkdirSync(new URL("./results/", import.meta.url), { recursive: true });
writeFileSync(new URL("./results/feeds.json", import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
console.log(JSON.stringify(results, null, 2));

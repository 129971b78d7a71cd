/** What a Bluesky record becomes: facets read by byte range, links written out, URIs and links. */
import { describe, expect, it } from "vitest";
import { parseAtUri, postToDraft, postUrl, quotedPost, readFacets } from "./records.ts";
import { isTid, tidFromKey } from "./tid.ts";

const facet = (byteStart: number, byteEnd: number, feature: Record<string, unknown>) => ({
  index: { byteStart, byteEnd },
  features: [feature],
});

describe("Bluesky records", () => {
  it("names the post a record quotes, with or without media; embedded feeds and lists are no quotes", () => {
    const base = { text: "look", createdAt: "2025-01-01T00:00:00Z" };
    const quoted = "at://did:plc:brand/app.bsky.feed.post/3kq";
    expect(
      quotedPost({ ...base, embed: { $type: "app.bsky.embed.record", record: { uri: quoted, cid: "c" } } }),
    ).toEqual({
      uri: quoted,
      did: "did:plc:brand",
    });
    expect(
      quotedPost({
        ...base,
        embed: {
          $type: "app.bsky.embed.recordWithMedia",
          record: { record: { uri: quoted, cid: "c" } },
          media: { $type: "app.bsky.embed.images", images: [] },
        },
      }),
    ).toEqual({ uri: quoted, did: "did:plc:brand" });
    expect(
      quotedPost({
        ...base,
        embed: {
          $type: "app.bsky.embed.record",
          record: { uri: "at://did:plc:x/app.bsky.feed.generator/f", cid: "c" },
        },
      }),
    ).toBeNull();
    expect(quotedPost({ ...base, embed: { $type: "app.bsky.embed.images", images: [] } })).toBeNull();
    expect(quotedPost(base)).toBeNull();
    // Through the notifications of the brand's account: a quote of its post says whose it is.
    const made = postToDraft(
      {
        uri: "at://did:plc:eve/app.bsky.feed.post/1",
        cid: "c",
        author: { did: "did:plc:eve", handle: "eve.test" },
        record: { ...base, embed: { $type: "app.bsky.embed.record", record: { uri: quoted, cid: "c" } } },
        indexedAt: "2025-01-01T00:00:01Z",
      },
      { brandDid: "did:plc:brand", brandHandle: "lumen.test" },
    );
    expect(made?.draft.quotes).toEqual({
      platformId: quoted,
      authorPlatformId: "did:plc:brand",
      authorHandle: "lumen.test",
    });
  });

  it("writes out a shortened link by its byte range, after text in other scripts", () => {
    const text = "Ça coûte 😡 voir lumen.example/tarifs/202...";
    const start = Buffer.byteLength("Ça coûte 😡 voir ");
    const read = readFacets({
      text,
      createdAt: "2025-01-01T00:00:00Z",
      facets: [
        facet(start, Buffer.byteLength(text), {
          $type: "app.bsky.richtext.facet#link",
          uri: "https://lumen.example/tarifs/2025-hausse",
        }),
        facet(0, 2, { $type: "app.bsky.richtext.facet#tag", tag: "Tarifs" }),
      ],
    });
    expect(read.text).toBe("Ça coûte 😡 voir https://lumen.example/tarifs/2025-hausse");
    expect(read.hashtags).toEqual(["tarifs"]);
  });

  it("keeps words a link is put on, and passes over ranges outside the text", () => {
    const read = readFacets({
      text: "see our status page",
      createdAt: "2025-01-01T00:00:00Z",
      facets: [
        facet(8, 19, { $type: "app.bsky.richtext.facet#link", uri: "https://status.lumen.example" }),
        facet(30, 40, { $type: "app.bsky.richtext.facet#link", uri: "https://elsewhere.example" }),
        facet(0, 3, { $type: "app.bsky.richtext.facet#mention", did: "did:plc:abc" }),
      ],
    });
    expect(read.text).toBe("see our status page");
    expect(read.links).toEqual(["https://status.lumen.example", "https://elsewhere.example"]);
    expect(read.mentionDids).toEqual(["did:plc:abc"]);
  });

  it("links a post by handle, or by DID when the handle is not valid", () => {
    const uri = "at://did:plc:abc/app.bsky.feed.post/3kxyz";
    expect(parseAtUri(uri)).toEqual({ repo: "did:plc:abc", collection: "app.bsky.feed.post", rkey: "3kxyz" });
    expect(postUrl(uri, "dana.bsky.social")).toBe("https://bsky.app/profile/dana.bsky.social/post/3kxyz");
    expect(postUrl(uri, "handle.invalid")).toBe("https://bsky.app/profile/did%3Aplc%3Aabc/post/3kxyz");
    expect(parseAtUri("https://bsky.app/x")).toBeNull();
  });

  it("is no post when the view holds no post record", () => {
    expect(
      postToDraft({
        uri: "at://did:plc:a/app.bsky.feed.post/1",
        cid: "c",
        author: { did: "did:plc:a", handle: "a.test" },
        record: { $type: "app.bsky.feed.like" },
        indexedAt: "2025-01-01T00:00:00Z",
      }),
    ).toBeNull();
  });
});

describe("record keys made from idempotency keys", () => {
  it("are valid TIDs, the same for the same key, and carry a UUIDv7's time", () => {
    const key = "01935e5c-2f4a-7b21-9c3d-5e6f7a8b9c0d";
    const tid = tidFromKey(key);
    expect(isTid(tid)).toBe(true);
    expect(tidFromKey(key)).toBe(tid);
    expect(tidFromKey("01935e5c-2f4a-7b21-9c3d-5e6f7a8b9c0e")).not.toBe(tid);
    expect(isTid(tidFromKey("not-a-uuid"))).toBe(true);
    // A later UUIDv7 sorts after: TIDs are ordered by their time.
    const later = tidFromKey("01945e5c-2f4a-7b21-9c3d-5e6f7a8b9c0d");
    expect(later > tid).toBe(true);
  });
});

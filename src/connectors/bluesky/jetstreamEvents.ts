/**
 * Jetstream's JSON events, one per WebSocket text frame: `kind` `commit` (a record created,
 * updated or deleted in a repository), `identity` (a DID's handle) or `account` (an account's
 * status), each with `did` and `time_us`, the microsecond time that is also the stream's cursor.
 * A created or updated `app.bsky.feed.post` becomes a post draft; a deleted one names the AT URI
 * that is gone.
 */
import type { PostDraft } from "../../pipeline/normalize.ts";
import { postRecord, postUrl, quotedPost, readFacets } from "./records.ts";

export const POST_COLLECTION = "app.bsky.feed.post";

export type JetstreamEvent =
  | { type: "post"; timeUs: number; draft: PostDraft; hashtags: string[]; update: boolean }
  | { type: "delete"; timeUs: number; uri: string }
  | { type: "identity"; timeUs: number; did: string; handle: string }
  | { type: "other"; timeUs: number }
  | { type: "unreadable"; timeUs?: number; code: string; reason: string };

interface Frame {
  did?: unknown;
  time_us?: unknown;
  kind?: unknown;
  commit?: {
    operation?: unknown;
    collection?: unknown;
    rkey?: unknown;
    record?: unknown;
    cid?: unknown;
  };
  identity?: { handle?: unknown };
}

/** Reads one frame; `handleOf` names a DID's handle when an identity event told it. */
export function readJetstreamEvent(
  text: string,
  handleOf: (did: string) => string | undefined,
): JetstreamEvent {
  let frame: Frame;
  try {
    frame = JSON.parse(text) as Frame;
  } catch {
    return { type: "unreadable", code: "malformed_payload", reason: "The event is not valid JSON" };
  }
  if (
    !frame ||
    typeof frame !== "object" ||
    typeof frame.time_us !== "number" ||
    typeof frame.did !== "string"
  )
    return { type: "unreadable", code: "malformed_payload", reason: "The event lacks did or time_us" };
  const timeUs = frame.time_us;
  const did = frame.did;
  if (frame.kind === "identity") {
    const handle = frame.identity?.handle;
    return typeof handle === "string" ? { type: "identity", timeUs, did, handle } : { type: "other", timeUs };
  }
  if (frame.kind !== "commit" || !frame.commit || frame.commit.collection !== POST_COLLECTION)
    return { type: "other", timeUs };
  const { operation, rkey } = frame.commit;
  if (typeof rkey !== "string")
    return {
      type: "unreadable",
      timeUs,
      code: "malformed_payload",
      reason: "The commit names no record key",
    };
  const uri = `at://${did}/${POST_COLLECTION}/${rkey}`;
  if (operation === "delete") return { type: "delete", timeUs, uri };
  if (operation !== "create" && operation !== "update") return { type: "other", timeUs };
  const record = postRecord.safeParse(frame.commit.record);
  if (!record.success)
    return {
      type: "unreadable",
      timeUs,
      code: "malformed_payload",
      reason: "The post record lacks text or createdAt",
    };
  const facets = readFacets(record.data);
  const created = Date.parse(record.data.createdAt);
  const handle = handleOf(did);
  const parent = record.data.reply?.parent.uri;
  const lang = record.data.langs?.[0];
  const quoted = quotedPost(record.data);
  const quotedHandle = quoted ? handleOf(quoted.did) : undefined;
  return {
    type: "post",
    timeUs,
    update: operation === "update",
    hashtags: facets.hashtags,
    draft: {
      platform: "bluesky",
      platformId: uri,
      url: postUrl(uri, handle),
      text: facets.text,
      createdAt: new Date(Number.isFinite(created) ? created : Math.floor(timeUs / 1000)),
      // Jetstream names accounts by DID; the handle is known once an identity event told it.
      author: { platformId: did, handle: handle ?? did },
      ...(lang ? { language: lang.split("-")[0]!.toLowerCase() } : {}),
      ...(parent ? { replyToPlatformId: parent } : {}),
      ...(quoted
        ? {
            quotes: {
              platformId: quoted.uri,
              authorPlatformId: quoted.did,
              ...(quotedHandle ? { authorHandle: quotedHandle } : {}),
            },
          }
        : {}),
      channel: "public",
      raw: text,
    },
  };
}

/**
 * Hash routes (#/ and #/conversations/:id?item=:workItemId), so deep links work whatever the
 * server does with unknown paths.
 */
import { useSyncExternalStore } from "react";

export type Route =
  | { page: "inbox" }
  | { page: "conversation"; conversationId: string; workItemId: string | null };

function parse(hash: string): Route {
  const [path = "", query = ""] = hash.replace(/^#/, "").split("?");
  const match = /^\/conversations\/([^/]+)$/.exec(path);
  if (match?.[1]) {
    const workItemId = new URLSearchParams(query).get("item");
    return { page: "conversation", conversationId: decodeURIComponent(match[1]), workItemId };
  }
  return { page: "inbox" };
}

export function conversationHref(conversationId: string, workItemId: string): string {
  return `#/conversations/${encodeURIComponent(conversationId)}?item=${encodeURIComponent(workItemId)}`;
}

export const INBOX_HREF = "#/";

export function navigate(href: string): void {
  location.hash = href;
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener("hashchange", onChange);
  return () => window.removeEventListener("hashchange", onChange);
}

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => location.hash);
  return parse(hash);
}

import { useEffect, useState } from "react";
import { api } from "../api/client.ts";

/**
 * The workspace taxonomy's topics, the choices when correcting a topic. Fetched per conversation
 * rather than cached for the session, since a supervisor may switch taxonomies at any time.
 */
export function useTopics(enabled: boolean): string[] {
  const [topics, setTopics] = useState<string[]>([]);
  useEffect(() => {
    if (!enabled) return;
    let current = true;
    api.taxonomy().then(
      (taxonomy) => current && setTopics(taxonomy.topics),
      // Without the list the editor still offers the post's own topic; nothing to report here.
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [enabled]);
  return topics;
}

/** What a script does with the generated types: reads answers' fields with their declared types. */
import type { Answer } from "./client.ts";

export function inboxLines(page: Answer<"listWorkItems", 200>): string[] {
  return page.items.map((item) => {
    const handle: string = item.post.author.handle;
    const priority: number = item.priority;
    const intent: string | undefined = item.post.analysis?.intent.label;
    return `${priority} ${item.state} @${handle} (${intent ?? "unanalysed"}): ${item.post.text}`;
  });
}

export function campaignNames(list: Answer<"listCampaigns", 200>): string[] {
  return list.items.map((c) => `${c.name}${c.enabled ? "" : " (off)"}`);
}

export function nextCursor(page: Answer<"listWorkItems", 200>): string | null {
  return page.nextCursor;
}

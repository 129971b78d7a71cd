import { describe, expect, it } from "vitest";
import { status, statusToDraft } from "./entities.ts";

describe("Mastodon statuses", () => {
  const base = {
    id: "113000000000000009",
    uri: "https://example.social/users/eve/statuses/113000000000000009",
    created_at: "2026-12-02T10:00:00.000Z",
    account: { id: "8", username: "eve", acct: "eve" },
    content: "<p>So it is not over</p>",
    visibility: "public",
  };
  const brand = { id: "1", username: "lumenhelp", acct: "lumenhelp" };

  it("names the status a quote post quotes once its author accepted the quote", () => {
    const quoting = status.parse({
      ...base,
      quote: { state: "accepted", quoted_status: { ...base, id: "112", account: brand } },
    });
    expect(statusToDraft(quoting).quotes).toEqual({
      platformId: "112",
      authorPlatformId: "1",
      authorHandle: "lumenhelp",
    });
    const shallow = status.parse({ ...base, quote: { state: "accepted", quoted_status_id: "112" } });
    expect(statusToDraft(shallow).quotes).toEqual({ platformId: "112" });
    const pending = status.parse({ ...base, quote: { state: "pending", quoted_status_id: "112" } });
    expect(statusToDraft(pending).quotes).toBeUndefined();
    expect(statusToDraft(status.parse(base)).quotes).toBeUndefined();
  });
});

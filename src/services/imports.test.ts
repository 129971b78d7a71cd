import { describe, expect, it } from "vitest";
import { bytesOf } from "../../test/support/streams.ts";
import type { NormalizedPost } from "../domain/post.ts";
import { importService } from "./imports.ts";

/** A store stand-in that refuses any batch holding a post with "poison" in its text. */
function pipeline(failure: () => Error) {
  const stored: string[] = [];
  return {
    stored,
    async submit(_workspaceId: string, posts: NormalizedPost[]) {
      if (posts.some((p) => p.text.includes("poison"))) throw failure();
      stored.push(...posts.map((p) => p.platformId));
      return { stored: posts.length, duplicates: 0, unmatched: 0 };
    },
  };
}

const csv = (lines: string[]) => bytesOf(`id,text\n${lines.join("\n")}\n`, 64);
const dataError = () =>
  new Error("Failed query", { cause: Object.assign(new Error("bad"), { code: "22P05" }) });

describe("importService", () => {
  it("finds the lines a store refuses by splitting their batch, and stores the rest", async () => {
    const fake = pipeline(dataError);
    const lines = Array.from(
      { length: 40 },
      (_, i) => `${i + 1},${i === 9 || i === 30 ? "poison" : "fine"} ${i + 1}`,
    );
    const report = await importService(fake).run("w", csv(lines), { batchSize: 16 });
    expect(report).toMatchObject({ imported: 38, rejected: 2 });
    expect(report.errors).toEqual([
      { line: 11, code: "validation_failed", reason: expect.any(String) },
      { line: 32, code: "validation_failed", reason: expect.any(String) },
    ]);
    expect(fake.stored).toHaveLength(38);
  });

  it("fails as it is when the store itself fails, not the values", async () => {
    const fake = pipeline(() => new Error("connection lost"));
    await expect(importService(fake).run("w", csv(["1,poison"]))).rejects.toThrow("connection lost");
  });
});

/**
 * The file import as a source: batches with a byte cursor, resuming from it, the end of the file
 * finishing the source; and through the runner on both stores, reading ahead while storing, a
 * batch the store refuses split until the refused post is found, and `parley import`'s service.
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { backends, openMigrated } from "../../../test/support/databases.ts";
import { createMemoryBus } from "../../bus/index.ts";
import { ManualClock, systemClock } from "../../domain/clock.ts";
import type { NormalizedPost } from "../../domain/post.ts";
import { workspaceContexts } from "../../pipeline/context.ts";
import { IngestPipeline } from "../../pipeline/pipeline.ts";
import { fileImports } from "../../services/fileImport.ts";
import { createStore, type Database, type Store } from "../../store/index.ts";
import { sql } from "../../store/orm.ts";
import { isPeerError, type PullContext } from "../contract.ts";
import { startSourceRunner } from "../runner.ts";
import { secretBox } from "../secretBox.ts";
import { type FileSettings, fileConnector, parseFileCursor } from "./fileSource.ts";

const dir = mkdtempSync(join(tmpdir(), "parley-file-source-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A JSON lines export of `count` posts; the lines named in `broken` are not JSON. */
function writeExport(
  name: string,
  count: number,
  broken: number[] = [],
  poison: number[] = [],
  prefix = "p",
): string {
  const lines = Array.from({ length: count }, (_, i) =>
    broken.includes(i + 1)
      ? "{not json"
      : JSON.stringify({
          id: `${prefix}${i + 1}`,
          text: `${poison.includes(i + 1) ? "poison " : ""}Post ${i + 1}: my router dropped again @lumenhelp`,
          author: `user${i % 7}`,
          created_at: "2026-03-01T10:00:00Z",
          platform: "x",
        }),
  );
  const path = join(dir, name);
  writeFileSync(path, `${lines.join("\n")}\n`);
  return path;
}

const settingsFor = (path: string, batchSize: number): FileSettings => ({
  path,
  format: "auto",
  encoding: "auto",
  size: 0,
  modifiedAt: 0,
  batchSize,
});
const context = (): PullContext => ({ clock: new ManualClock(), signal: new AbortController().signal });

describe("the file connector", () => {
  it("reads in batches, says where it stands, and finishes with the last line", async () => {
    const path = writeExport("ten.jsonl", 10, [4]);
    const connector = fileConnector(settingsFor(path, 4));
    const first = await connector.pull(null, context());
    expect(first.posts.map((p) => p.platformId)).toEqual(["p1", "p2", "p3"]);
    expect(first.rejects).toEqual([
      { code: "malformed_line", reason: expect.stringMatching(/^line 4: /), payload: '{"line":4}' },
    ]);
    expect(parseFileCursor(first.cursor)).toMatchObject({ line: 4 });
    expect(first.finished).toBe(false);
    const second = await connector.pull(first.cursor, context());
    const third = await connector.pull(second.cursor, context());
    expect([...second.posts, ...third.posts].map((p) => p.platformId)).toEqual([
      "p5",
      "p6",
      "p7",
      "p8",
      "p9",
      "p10",
    ]);
    expect(third.finished).toBe(true);
    await connector.close?.();
  });

  it("resumes in a new process from a saved cursor with the lines after it", async () => {
    const path = writeExport("resume.jsonl", 9);
    const first = fileConnector(settingsFor(path, 5));
    const batch = await first.pull(null, context());
    await first.close?.();
    const again = fileConnector(settingsFor(path, 100));
    const rest = await again.pull(batch.cursor, context());
    expect(rest.posts.map((p) => p.platformId)).toEqual(["p6", "p7", "p8", "p9"]);
    expect(rest.finished).toBe(true);
    await again.close?.();
  });

  it("refuses a file it cannot read, which stops the source with the reason", async () => {
    const connector = fileConnector(settingsFor(join(dir, "missing.jsonl"), 10));
    const failure = await connector.pull(null, context()).catch((err: unknown) => err);
    expect(isPeerError(failure) && failure.kind).toBe("refused");
    expect((failure as Error).message).toContain("missing.jsonl");
  });
});

const dataError = () =>
  new Error("Failed query", { cause: Object.assign(new Error("bad"), { code: "22P05" }) });

describe.each(backends())("the file source on $name", (backend) => {
  let database: Database;
  let store: Store;
  let pipeline: IngestPipeline;
  let workspaceId: string;
  const box = secretBox("file-source-test-key-file-source-test");

  beforeEach(async () => {
    database = await openMigrated(backend);
    store = createStore(database);
    const contexts = workspaceContexts(store);
    pipeline = new IngestPipeline({
      store,
      bus: createMemoryBus(),
      contextFor: (id) => contexts.get(id),
      workers: false,
    });
    workspaceId = (
      await store.workspaces.create({ name: "Files", brandHandles: ["lumenhelp"], brandNames: [] })
    ).id;
  });
  afterEach(async () => {
    await pipeline.close();
    await database.close();
  });

  const storedIds = async () =>
    (await database.rows<{ platform_id: string }>(sql`select platform_id from posts`)).map(
      (r) => r.platform_id,
    );
  const fileSource = (path: string, batchSize: number) =>
    store.sources.create(workspaceId, {
      kind: "file",
      name: "export",
      config: { ...settingsFor(path, batchSize) },
      credentials: null,
    });

  it("reads ahead while storing; a batch that was not stored makes the next read again from the saved cursor", async () => {
    const path = writeExport("ahead.jsonl", 50);
    const source = await fileSource(path, 10);
    let calls = 0;
    // The second batch's store fails once (the connection dropped); the third was already read.
    const flaky = {
      submit: (...args: Parameters<IngestPipeline["submit"]>) => {
        calls += 1;
        if (calls === 2) return Promise.reject(new Error("connection lost"));
        return pipeline.submit(...args);
      },
    } as IngestPipeline;
    const errors: unknown[] = [];
    const runner = startSourceRunner({
      store,
      pipeline: flaky,
      box,
      clock: systemClock,
      scanMs: 0,
      random: () => 0,
      onError: (err) => errors.push(err),
    });
    await runner.runSource(source.id);
    await runner.stop();
    const ids = await storedIds();
    expect(ids).toHaveLength(50);
    expect(new Set(ids).size).toBe(50);
    expect((errors[0] as Error).message).toBe("connection lost");
    const row = (await store.sources.get(source.id))!;
    expect(row.finishedAt).not.toBeNull();
    expect(row.enabled).toBe(false);
    expect(row.leaseHolder).toBeNull();
    // Every line was counted once as read, although batches were read again after the failure.
    expect(row.postsTotal).toBe(50);
  });

  it("finds the post the store refuses by splitting its batch, keeps the rest, and dead-letters it", async () => {
    const path = writeExport("poison.jsonl", 30, [], [13]);
    const source = await fileSource(path, 20);
    const refusing = {
      submit: (...args: Parameters<IngestPipeline["submit"]>) =>
        args[1].some((p: NormalizedPost) => p.text.startsWith("poison"))
          ? Promise.reject(dataError())
          : pipeline.submit(...args),
    } as IngestPipeline;
    const runner = startSourceRunner({ store, pipeline: refusing, box, clock: systemClock, scanMs: 0 });
    await runner.runSource(source.id);
    await runner.stop();
    const ids = await storedIds();
    expect(ids).toHaveLength(29);
    expect(ids).not.toContain("p13");
    const letters = await store.jobs.deadLetters({ workspaceId, limit: 10 });
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({ origin: "source", sourceId: source.id, code: "validation_failed" });
    expect(letters[0]!.payload).toContain('"platformId":"p13"');
    expect((await store.sources.get(source.id))!.finishedAt).not.toBeNull();
  });

  it("imports a file from the command's service, again as a new import, and resumes one that stopped", async () => {
    const path = writeExport("command.jsonl", 25, [7]);
    const imports = fileImports({ store, pipeline, box, clock: systemClock });
    const first = await imports.run(workspaceId, path, { batchSize: 10 });
    expect(first).toMatchObject({ imported: 24, duplicates: 0, rejected: 1, resumedAfterLine: null });
    expect(first.errors).toEqual([{ line: 7, code: "malformed_line", reason: expect.any(String) }]);
    const finished = (await store.sources.get(first.sourceId))!;
    expect(finished).toMatchObject({ kind: "file", enabled: false });
    expect(finished.finishedAt).not.toBeNull();

    // The same file again is a new import that stores nothing twice.
    const again = await imports.run(workspaceId, path, { batchSize: 10 });
    expect(again.sourceId).not.toBe(first.sourceId);
    expect(again).toMatchObject({ imported: 0, duplicates: 24, rejected: 1 });

    // An import that stopped after line 20 (as a killed run leaves its source) goes on after it.
    const longer = writeExport("stopped.jsonl", 30, [], [], "q");
    const probe = fileConnector({ ...settingsFor(longer, 20) });
    const read = await probe.pull(null, context());
    await probe.close?.();
    const stat = statSync(longer);
    const stopped = await store.sources.create(workspaceId, {
      kind: "file",
      name: "stopped.jsonl",
      config: { ...settingsFor(longer, 10), size: stat.size, modifiedAt: stat.mtimeMs },
      credentials: null,
    });
    await store.sources.lease(stopped.id, "killed-run", new Date(0), 1);
    await store.sources.advance(
      stopped.id,
      "killed-run",
      { cursor: read.cursor, posts: 0, rejects: 0 },
      new Date(),
    );
    const resumed = await imports.run(workspaceId, longer, { batchSize: 10 });
    expect(resumed.sourceId).toBe(stopped.id);
    expect(resumed).toMatchObject({ imported: 10, resumedAfterLine: 20 });
    // Only what followed the cursor was read: lines 21 to 30.
    const ids = (await storedIds()).filter((id) => id.startsWith("q")).sort();
    expect(ids).toEqual(Array.from({ length: 10 }, (_, i) => `q${i + 21}`).sort());
  });
});

/** The embedded store's file handling: its folder, its lock, and folders it cannot read. */
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { isParleyError } from "../errors.ts";
import { openDatabase } from "./db.ts";
import { ofWorkspace } from "./executor.ts";
import { and, inArray, sql } from "./orm.ts";
import { STORE_FILE } from "./sqlite.ts";

const dirs: string[] = [];
const newDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "parley-sqlite-"));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("the embedded store", () => {
  it("keeps its folder and file readable by their owner only", async () => {
    const dir = join(newDir(), "data");
    const database = await openDatabase({ dataDir: dir });
    await database.migrate();
    await database.close();
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, STORE_FILE)).mode & 0o777).toBe(0o600);
  });

  it("runs in WAL mode with foreign keys on", async () => {
    const database = await openDatabase({ dataDir: newDir() });
    try {
      expect(await database.rows(sql`pragma journal_mode`)).toEqual([{ journal_mode: "wal" }]);
      expect(await database.rows(sql`pragma foreign_keys`)).toEqual([{ foreign_keys: 1 }]);
    } finally {
      await database.close();
    }
  });

  it("refuses a second process's folder and says to use PostgreSQL for several", async () => {
    const dir = newDir();
    writeFileSync(join(dir, "parley.lock"), String(process.ppid));
    const error = await openDatabase({ dataDir: dir }).catch((err: unknown) => err);
    expect(isParleyError(error, "unavailable")).toBe(true);
    expect((error as Error).message).toMatch(/in use by process .*PostgreSQL/s);
  });

  it("takes over the lock of a process that died", async () => {
    const dir = newDir();
    writeFileSync(join(dir, "parley.lock"), "2147483646");
    const database = await openDatabase({ dataDir: dir });
    await database.close();
  });

  it("recognises a folder written by the earlier embedded store and says what to do", async () => {
    const dir = newDir();
    writeFileSync(join(dir, "PG_VERSION"), "17\n");
    const error = await openDatabase({ dataDir: dir }).catch((err: unknown) => err);
    expect(isParleyError(error, "unavailable")).toBe(true);
    expect((error as Error).message).toMatch(/earlier version of Parley.*Move the folder aside/s);
    // The refused folder is left as it was, and unlocked.
    expect(() => statSync(join(dir, "parley.lock"))).toThrow();
    expect(() => statSync(join(dir, STORE_FILE))).toThrow();
  });

  it("sees a committed write from its reading connection at once", async () => {
    const database = await openDatabase({ dataDir: newDir() });
    try {
      await database.migrate();
      await database.transaction(async (tx) => {
        await tx.db.insert(tx.t.workspaces).values({ name: "Acme" });
      });
      const rows = await database.db.select({ name: database.t.workspaces.name }).from(database.t.workspaces);
      expect(rows).toEqual([{ name: "Acme" }]);
    } finally {
      await database.close();
    }
  });

  it("runs transactions one at a time, and a failed one takes no one else's write with it", async () => {
    const database = await openDatabase({ dataDir: newDir() });
    try {
      await database.migrate();
      const { workspaces } = database.t;
      const failing = database.transaction(async (tx) => {
        await tx.db.insert(workspaces).values({ name: "rolled back" });
        await new Promise((r) => setTimeout(r, 20));
        throw new Error("changed my mind");
      });
      // Issued while the failing transaction is open: it waits for its turn instead of joining it.
      const outside = database.db.insert(workspaces).values({ name: "kept" });
      const other = database.transaction(async (tx) => {
        await tx.db.insert(workspaces).values({ name: "also kept" });
      });
      await expect(failing).rejects.toThrow("changed my mind");
      await Promise.all([outside, other]);
      const names = (await database.db.select({ name: workspaces.name }).from(workspaces)).map((r) => r.name);
      expect(names.sort()).toEqual(["also kept", "kept"]);
    } finally {
      await database.close();
    }
  });
  it("finds a batch's posts by their ids, not by scanning the workspace, whatever its statistics say", async () => {
    const database = await openDatabase({ dataDir: newDir() });
    try {
      await database.migrate();
      // Statistics as sampled on a store of 31,224 posts in one workspace: they make the
      // workspace's index look selective, and a long list of ids look dear.
      await database.rows(sql`analyze`);
      await database.rows(sql`delete from sqlite_stat1 where tbl = 'posts'`);
      await database.rows(
        sql`insert into sqlite_stat1 (tbl, idx, stat) values ('posts', 'posts_seq_idx', '31224 1370 1'), ('posts', 'posts_id_key', '31224 1')`,
      );
      await database.rows(sql`analyze sqlite_schema`);
      const { posts } = database.t;
      const ids = Array.from({ length: 500 }, (_, i) => `id-${i}`);
      const query = database.db
        .select({ id: posts.id })
        .from(posts)
        .where(and(ofWorkspace(database, posts.workspaceId, "w"), inArray(posts.id, ids)))
        .toSQL();
      const plan = await database.rows<{ detail: string }>(
        sql.raw(`explain query plan ${query.sql.replace(/\?/g, () => "NULL")}`),
      );
      expect(plan.map((p) => p.detail)).toEqual(["SEARCH posts USING INDEX posts_id_key (id=?)"]);
    } finally {
      await database.close();
    }
  });
});

/**
 * A local Jetstream for tests and the firehose benchmark: a WebSocket server on 127.0.0.1 serving
 * `/subscribe` as Jetstream documents it: JSON events (`kind` commit / identity / account, `did`,
 * `time_us`, `commit.operation` create / update / delete with `collection`, `rkey`, `record`,
 * `cid`), filtered by `wantedCollections`, played from `cursor` (events at or after that
 * microsecond time), then live as events are added. `drop()` cuts every connection, as a
 * restarting service does. Events come from a seeded generator, mostly not about the brand.
 */
import websocket from "@fastify/websocket";
import Fastify from "fastify";
import { createRandom } from "../../src/connectors/demo/random.ts";

export interface ReplayEvent {
  time_us: number;
  did: string;
  kind: string;
  /** The collection a commit is about; absent for identity and account events. */
  collection?: string;
  text: string;
}

export interface JetstreamReplay {
  url: string;
  events: ReplayEvent[];
  add(events: ReplayEvent[]): void;
  /** Cuts every connection at once. */
  drop(): void;
  connections(): number;
  close(): Promise<void>;
}

export async function startJetstreamReplay(initial: ReplayEvent[] = []): Promise<JetstreamReplay> {
  const events = [...initial];
  interface Peer {
    readyState: number;
    readonly OPEN: number;
    bufferedAmount: number;
    send(data: string): void;
    terminate(): void;
    on(event: "close", listener: () => void): void;
  }
  const clients = new Set<{ socket: Peer; next: number; wanted: Set<string> | null; pump(): void }>();
  const app = Fastify({ logger: false });
  await app.register(websocket, { options: { maxPayload: 1024 * 1024 } });
  app.get("/subscribe", { websocket: true }, (ws, request) => {
    const socket = ws as unknown as Peer;
    const query = request.query as Record<string, string | string[] | undefined>;
    const wantedRaw = query.wantedCollections;
    const wanted = wantedRaw ? new Set(Array.isArray(wantedRaw) ? wantedRaw : [wantedRaw]) : null;
    const cursor = Number(query.cursor ?? 0);
    // Playback starts at the first event at or after the cursor.
    let lo = 0;
    let hi = events.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (events[mid]!.time_us < cursor) lo = mid + 1;
      else hi = mid;
    }
    const client = {
      socket,
      next: cursor > 0 ? lo : events.length,
      wanted,
      pump() {
        while (client.next < events.length && socket.readyState === socket.OPEN) {
          // Backpressure: wait for the socket to drain before sending more.
          if (socket.bufferedAmount > 1 << 20) {
            setTimeout(() => client.pump(), 2);
            return;
          }
          const e = events[client.next++]!;
          if (e.collection && client.wanted && !client.wanted.has(e.collection)) continue;
          socket.send(e.text);
        }
      },
    };
    // Without a cursor Jetstream starts live, from now on.
    clients.add(client);
    socket.on("close", () => clients.delete(client));
    client.pump();
  });
  await app.listen({ host: "127.0.0.1", port: 0 });
  const { port } = app.server.address() as { port: number };
  return {
    url: `ws://127.0.0.1:${port}/subscribe`,
    events,
    add(more) {
      events.push(...more);
      for (const c of clients) c.pump();
    },
    drop() {
      for (const c of clients) c.socket.terminate();
      clients.clear();
    },
    connections: () => clients.size,
    async close() {
      for (const c of clients) c.socket.terminate();
      await app.close();
    },
  };
}

const WORDS = (
  "the a to and of in is it you that for on was with my this be at have just so but not are " +
  "like what all out today when up one time get can day new now love good people back how " +
  "morning coffee weather game music cat dog garden train book movie night weekend friends"
).split(" ");

export interface FirehoseOptions {
  seed: number;
  count: number;
  /** Share of posts about the brand (naming it or its handle). */
  brandShare: number;
  /** Share of events that delete an earlier post. */
  deleteShare?: number;
  startUs?: number;
  brandHandle?: string;
  /** The text of posts not about the brand (else words drawn from a short list). */
  chatter?: () => string;
}

/**
 * Jetstream events as the public stream carries them: post creates, some updates and deletes,
 * likes and follows (other collections), identity events; `brandShare` of the posts name the brand.
 */
export function* firehoseEvents(options: FirehoseOptions): Generator<ReplayEvent & { brand?: string }> {
  const random = createRandom(options.seed);
  const brand = options.brandHandle ?? "lumenhelp";
  let time = options.startUs ?? 1_764_633_600_000_000;
  const posted: string[] = [];
  const deleted = new Set<string>();
  let rkeys = 0;
  for (let i = 0; i < options.count; i++) {
    time += 1 + Math.floor(random.next() * 40);
    const did = `did:plc:${(random.int(2_000_000) + 1e9).toString(36)}${"a".repeat(14)}`.slice(0, 32);
    const roll = random.next();
    if (roll < 0.25) {
      const rkey = `3l${(rkeys++).toString(36).padStart(11, "2")}`;
      const frame = {
        did,
        time_us: time,
        kind: "commit",
        commit: {
          rev: `3l${time.toString(36)}`,
          operation: "create",
          collection: "app.bsky.feed.like",
          rkey,
          record: {
            $type: "app.bsky.feed.like",
            createdAt: new Date(time / 1000).toISOString(),
            subject: { uri: `at://${did}/app.bsky.feed.post/x`, cid: "bafyrei" },
          },
          cid: "bafyreilike",
        },
      };
      yield {
        time_us: time,
        did,
        kind: "commit",
        collection: "app.bsky.feed.like",
        text: JSON.stringify(frame),
      };
      continue;
    }
    if (roll < 0.27) {
      const frame = {
        did,
        time_us: time,
        kind: "identity",
        identity: { did, handle: `user${i}.bsky.social`, seq: i, time: new Date(time / 1000).toISOString() },
      };
      yield { time_us: time, did, kind: "identity", text: JSON.stringify(frame) };
      continue;
    }
    if (roll < 0.27 + (options.deleteShare ?? 0) && posted.length > 0) {
      const uri = posted[random.int(posted.length)]!;
      if (deleted.has(uri)) continue;
      deleted.add(uri);
      const [, , author, , rkey] = uri.split("/");
      const frame = {
        did: author,
        time_us: time,
        kind: "commit",
        commit: {
          rev: `3l${time.toString(36)}`,
          operation: "delete",
          collection: "app.bsky.feed.post",
          rkey,
        },
      };
      yield {
        time_us: time,
        did: author!,
        kind: "commit",
        collection: "app.bsky.feed.post",
        text: JSON.stringify(frame),
      };
      continue;
    }
    const rkey = `3l${(rkeys++).toString(36).padStart(11, "2")}`;
    const about = random.chance(options.brandShare);
    const length = 4 + random.int(27);
    const words = Array.from({ length }, () => random.pick(WORDS));
    if (about) words.splice(random.int(words.length + 1), 0, random.chance(0.5) ? `@${brand}` : "Lumen");
    const text = about || !options.chatter ? words.join(" ") : options.chatter();
    const uri = `at://${did}/app.bsky.feed.post/${rkey}`;
    const frame = {
      did,
      time_us: time,
      kind: "commit",
      commit: {
        rev: `3l${time.toString(36)}`,
        operation: "create",
        collection: "app.bsky.feed.post",
        rkey,
        record: {
          $type: "app.bsky.feed.post",
          createdAt: new Date(time / 1000).toISOString(),
          langs: ["en"],
          text,
        },
        cid: `bafyrei${rkey}`,
      },
    };
    // Deletes pick among recent posts; the window keeps memory flat over millions of events.
    posted.push(uri);
    if (posted.length > 2000) posted.splice(0, 1000);
    yield {
      time_us: time,
      did,
      kind: "commit",
      collection: "app.bsky.feed.post",
      text: JSON.stringify(frame),
      ...(about ? { brand: uri } : {}),
    };
  }
}

/** The events of `firehoseEvents` in a list, and the URIs of the posts about the brand. */
export function makeFirehose(options: FirehoseOptions): { events: ReplayEvent[]; brandPosts: string[] } {
  const events: ReplayEvent[] = [];
  const brandPosts: string[] = [];
  for (const { brand, ...event } of firehoseEvents(options)) {
    events.push(event);
    if (brand) brandPosts.push(brand);
  }
  return { events, brandPosts };
}

/**
 * A Jetstream that plays each connection a stream made as it is sent (for the benchmark's
 * millions of events, which are never held in memory at once), from its `cursor` (the events
 * before it are made and passed over), with the same backpressure.
 */
export async function startStreamingReplay(
  frames: () => Iterator<{ time_us: number; text: string }>,
): Promise<{ url: string; close(): Promise<void> }> {
  const app = Fastify({ logger: false });
  await app.register(websocket);
  const open = new Set<{ terminate(): void }>();
  app.get("/subscribe", { websocket: true }, (ws, request) => {
    const cursor = Number((request.query as { cursor?: string }).cursor ?? 0);
    const socket = ws as unknown as {
      readyState: number;
      readonly OPEN: number;
      bufferedAmount: number;
      send(data: string): void;
      terminate(): void;
      close(): void;
      on(event: "close", listener: () => void): void;
    };
    open.add(socket);
    socket.on("close", () => open.delete(socket));
    const iterator = frames();
    const pump = () => {
      while (socket.readyState === socket.OPEN) {
        if (socket.bufferedAmount > 1 << 20) {
          setTimeout(pump, 1);
          return;
        }
        const next = iterator.next();
        if (next.done) return;
        if (next.value.time_us >= cursor) socket.send(next.value.text);
      }
    };
    pump();
  });
  await app.listen({ host: "127.0.0.1", port: 0 });
  const { port } = app.server.address() as { port: number };
  return {
    url: `ws://127.0.0.1:${port}/subscribe`,
    async close() {
      for (const s of open) s.terminate();
      await app.close();
    },
  };
}

/**
 * A Jetstream in front of the local PDS: it reads the PDS's repository firehose
 * (`com.atproto.sync.subscribeRepos`, CBOR commits with their records) as the real Jetstream reads
 * a relay, and serves what it read at `/subscribe` as Jetstream's JSON events (`kind` commit with
 * `operation` create / update / delete, `identity`, `account`; `did`; `time_us`, the microsecond
 * time the event reached it, strictly increasing). Every event is kept, so a client that connects
 * with `cursor=<time_us>` is played everything from that time (deletes and updates too) and then
 * the live events; without a cursor it starts live. `wantedCollections` filters commits.
 * `drop()` cuts every connection, as a restarting service does.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { lexToJson } from "@atproto/lex-json";
import { Firehose } from "@atproto/sync";
import { WebSocketServer } from "ws";

interface Kept {
  timeUs: number;
  collection?: string;
  text: string;
}

interface Client {
  next: number;
  wanted: Set<string> | null;
  send(text: string): void;
  terminate(): void;
}

export interface JetstreamBridge {
  url: string;
  drop(): void;
  close(): Promise<void>;
}

export async function startJetstreamBridge(pdsUrl: string, idResolver: unknown): Promise<JetstreamBridge> {
  const events: Kept[] = [];
  const clients = new Set<Client>();
  let lastUs = 0;
  let lastSeq: number | undefined;
  const stamp = () => {
    lastUs = Math.max(lastUs + 1, Date.now() * 1000);
    return lastUs;
  };
  const keep = (event: Kept) => {
    events.push(event);
    for (const c of clients) pump(c);
  };
  const pump = (c: Client) => {
    while (c.next < events.length) {
      const e = events[c.next++]!;
      if (e.collection && c.wanted && !c.wanted.has(e.collection)) continue;
      c.send(e.text);
    }
  };

  const firehose = new Firehose({
    service: pdsUrl.replace(/^http/, "ws"),
    idResolver: idResolver as never,
    unauthenticatedCommits: true,
    unauthenticatedHandles: true,
    // From the start of the PDS's log, and from where it was after a reconnect.
    getCursor: () => lastSeq ?? 0,
    handleEvent(evt) {
      lastSeq = evt.seq;
      const time_us = stamp();
      if (evt.event === "create" || evt.event === "update" || evt.event === "delete") {
        const commit = {
          rev: evt.rev,
          operation: evt.event,
          collection: evt.collection,
          rkey: evt.rkey,
          ...(evt.event !== "delete"
            ? { record: lexToJson(evt.record as never), cid: evt.cid.toString() }
            : {}),
        };
        keep({
          timeUs: time_us,
          collection: evt.collection,
          text: JSON.stringify({ did: evt.did, time_us, kind: "commit", commit }),
        });
      } else if (evt.event === "identity") {
        keep({
          timeUs: time_us,
          text: JSON.stringify({
            did: evt.did,
            time_us,
            kind: "identity",
            identity: {
              did: evt.did,
              ...(evt.handle ? { handle: evt.handle } : {}),
              seq: evt.seq,
              time: evt.time,
            },
          }),
        });
      } else if (evt.event === "account") {
        keep({
          timeUs: time_us,
          text: JSON.stringify({
            did: evt.did,
            time_us,
            kind: "account",
            account: {
              active: evt.active,
              did: evt.did,
              seq: evt.seq,
              time: evt.time,
              ...(evt.status ? { status: evt.status } : {}),
            },
          }),
        });
      }
    },
    onError: (err) => process.stderr.write(`jetstream bridge: ${String(err)}\n`),
  });
  void firehose.start();

  const server = createServer((_req, res) => {
    res.writeHead(404, { "content-type": "application/json" });
    res.end(JSON.stringify({ error: "Not found" }));
  });
  const wss = new WebSocketServer({ server, path: "/subscribe" });
  wss.on("connection", (ws, req) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const wanted = url.searchParams.getAll("wantedCollections");
    const cursor = Number(url.searchParams.get("cursor") ?? 0);
    let start = events.length;
    if (cursor > 0) {
      start = 0;
      while (start < events.length && events[start]!.timeUs < cursor) start += 1;
    }
    const client: Client = {
      next: start,
      wanted: wanted.length ? new Set(wanted) : null,
      send: (text) => ws.send(text),
      terminate: () => ws.terminate(),
    };
    clients.add(client);
    ws.on("close", () => clients.delete(client));
    pump(client);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}/subscribe`,
    drop() {
      for (const c of clients) c.terminate();
      clients.clear();
    },
    async close() {
      for (const c of clients) c.terminate();
      clients.clear();
      await firehose.destroy();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * A contact center's receiving end on 127.0.0.1, written as an outside system would write it:
 * it checks the signature and the timestamp before it believes a hand-off, and answers as told
 * (200, 500 or never).
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type ReceiverAnswer = "ok" | "fail" | "hang";

export interface ReceivedHandoff {
  headers: IncomingMessage["headers"];
  body: string;
  /** Whether the signature matched the secret and the timestamp was within five minutes. */
  verified: boolean;
  answered: number | null;
  /** `performance.now()` when the body had arrived. */
  receivedAt: number;
}

export interface HandoffReceiver {
  url: string;
  received: ReceivedHandoff[];
  /** What the next requests get; the last entry repeats. */
  answers: ReceiverAnswer[];
  secret: string;
  close(): Promise<void>;
}

/** The check a receiver makes: HMAC-SHA256 of "<timestamp>.<body>", compared in constant time. */
export function verifyHandoffSignature(
  secret: string,
  timestamp: string | undefined,
  signature: string | undefined,
  body: string,
  nowMs: number,
): boolean {
  if (!timestamp || !signature || !/^\d+$/.test(timestamp)) return false;
  if (Math.abs(nowMs - Number(timestamp) * 1000) > 5 * 60_000) return false;
  const expected = Buffer.from(
    `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`,
  );
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export async function startHandoffReceiver(options: { now?: () => number } = {}): Promise<HandoffReceiver> {
  const now = options.now ?? Date.now;
  const hanging = new Set<ServerResponse>();
  const state: HandoffReceiver = {
    url: "",
    received: [],
    answers: ["ok"],
    secret: "",
    close: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const verified = verifyHandoffSignature(
        state.secret,
        req.headers["x-parley-timestamp"] as string | undefined,
        req.headers["x-parley-signature"] as string | undefined,
        body,
        now(),
      );
      const record: ReceivedHandoff = {
        headers: req.headers,
        body,
        verified,
        answered: null,
        receivedAt: performance.now(),
      };
      state.received.push(record);
      const answer = state.answers.length > 1 ? state.answers.shift()! : state.answers[0]!;
      if (!verified) {
        record.answered = 401;
        res.writeHead(401, { "content-type": "application/json" }).end('{"error":"bad signature"}');
      } else if (answer === "hang") {
        hanging.add(res);
      } else {
        record.answered = answer === "ok" ? 200 : 500;
        res
          .writeHead(record.answered, { "content-type": "application/json" })
          .end(answer === "ok" ? '{"received":true}' : '{"error":"try later"}');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/parley/handoffs`;
  return state;
}

/** The live socket in-process, through @fastify/websocket's injectWS, with its messages queued. */
import type { FastifyInstance } from "fastify";

export interface LiveClient {
  /** The next message that satisfies `match`, waiting for it when needed. */
  next(match?: (message: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>;
  /** Every message received and not yet taken by `next`, taken now (the socket delivers in order). */
  taken(): Record<string, unknown>[];
  /** Resolves with the close code once the server closes the socket. */
  closed: Promise<number>;
  close(): void;
}

export async function openLive(
  app: FastifyInstance,
  headers: Record<string, string>,
  path = "/api/live",
): Promise<LiveClient> {
  const received: Record<string, unknown>[] = [];
  const waiters: (() => void)[] = [];
  let closeCode: (code: number) => void = () => undefined;
  const closed = new Promise<number>((resolve) => {
    closeCode = resolve;
  });
  const ws = await app.injectWS(path, { headers } as never, {
    onInit(socket) {
      socket.on("message", (data: unknown) => {
        received.push(JSON.parse(String(data)));
        for (const wake of waiters.splice(0)) wake();
      });
      socket.on("close", (code: number) => closeCode(code));
    },
  });
  return {
    async next(match = () => true) {
      for (;;) {
        const index = received.findIndex(match);
        if (index >= 0) return received.splice(index, 1)[0]!;
        await new Promise<void>((resolve) => waiters.push(resolve));
      }
    },
    taken: () => received.splice(0),
    closed,
    close: () => ws.terminate(),
  };
}

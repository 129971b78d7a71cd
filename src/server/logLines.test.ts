import { describe, expect, it } from "vitest";
import { openCore } from "../core.ts";
import { buildApp } from "./app.ts";
import { chooseLogFormat, formatLogLine } from "./logLines.ts";

const at = Date.UTC(2026, 10, 2, 9, 5, 7, 120);

describe("readable log lines", () => {
  it("shows time, level, message and the request in one line", () => {
    const line = formatLogLine(
      JSON.stringify({
        level: 30,
        time: at,
        pid: 1234,
        hostname: "box",
        reqId: "req-7",
        res: { statusCode: 200 },
        responseTime: 12.4,
        msg: "request completed",
      }),
    );
    expect(line).toBe("09:05:07.120 INFO  request completed  200 12ms (req-7)\n");
    const incoming = formatLogLine(
      JSON.stringify({
        level: 30,
        time: at,
        req: { method: "GET", url: "/api/work-items", remotePort: 5 },
        msg: "incoming request",
      }),
    );
    expect(incoming).toBe("09:05:07.120 INFO  incoming request  GET /api/work-items\n");
  });

  it("keeps other context as key=value and puts an error's stack beneath", () => {
    const line = formatLogLine(
      JSON.stringify({
        level: 50,
        time: at,
        msg: "request failed",
        workspaceId: "w1",
        err: { message: "boom", stack: "Error: boom\n    at here (x.ts:1:1)" },
      }),
    );
    expect(line).toBe(
      "09:05:07.120 ERROR request failed  workspaceId=w1\n    Error: boom\n        at here (x.ts:1:1)\n",
    );
  });

  it("passes through a line that is not JSON", () => {
    expect(formatLogLine("plain words")).toBe("plain words\n");
  });

  it("is chosen on a terminal, JSON otherwise, unless asked", () => {
    expect(chooseLogFormat("auto", true)).toBe("readable");
    expect(chooseLogFormat("auto", false)).toBe("json");
    expect(chooseLogFormat("json", true)).toBe("json");
    expect(chooseLogFormat("readable", false)).toBe("readable");
  });

  it("is what the app writes when asked for readable logs", async () => {
    const core = await openCore({ data: ":memory:" });
    const written: string[] = [];
    const app = await buildApp({
      services: core.services,
      bus: core.bus,
      cookieSecret: "test-secret-test-secret-test-secret!",
      webRoot: "/nonexistent",
      logFormat: "readable",
      logOutput: { write: (s: string) => written.push(s) > 0 },
    });
    try {
      await app.inject({ url: "/healthz" });
      expect(written.join("")).toMatch(
        /^\d\d:\d\d:\d\d\.\d{3} INFO {2}incoming request {2}GET \/healthz \(req-\w+\)$/m,
      );
      expect(written.join("")).toMatch(
        /^\d\d:\d\d:\d\d\.\d{3} INFO {2}request completed {2}200 \d+ms \(req-\w+\)$/m,
      );
      expect(written.join("")).not.toContain('"level"');
    } finally {
      await app.close();
      await core.close();
    }
  });
});

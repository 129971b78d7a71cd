import { describe, expect, it } from "vitest";
import { startBanner } from "./banner.ts";

describe("the start banner", () => {
  it("gives the address, the demo's credentials and where the data is", () => {
    const banner = startBanner({
      url: "http://127.0.0.1:3000",
      roles: ["web", "ingest"],
      store: { kind: "embedded", folder: ".parley-data" },
      bus: "in-process",
      demo: { email: "demo@parley.local", password: "parley-demo" },
    });
    expect(banner).toMatch(/Open http:\/\/localhost:3000 /);
    expect(banner).toContain("Sign in as demo@parley.local / parley-demo");
    expect(banner).toContain("embedded, in .parley-data");
    expect(banner).toContain("web, ingest");
    // A box: every line between the rules is as wide as they are.
    const lines = banner.trim().split("\n");
    expect(new Set(lines.map((l) => l.length)).size).toBe(1);
  });

  it("says how to create the first user when there is no demo, and names the store", () => {
    const banner = startBanner({
      url: "http://0.0.0.0:8080",
      roles: ["web"],
      store: { kind: "postgres" },
      bus: "NATS",
      demo: null,
    });
    expect(banner).toContain("npx parley user add --workspace <id> --role admin");
    expect(banner).toContain("npx parley workspace create");
    expect(banner).toContain("PostgreSQL");
    expect(banner).toContain("NATS");
    expect(banner).not.toContain("demo@");
  });

  it("leads a new store to the setup page with its one-time code", () => {
    const banner = startBanner({
      url: "http://127.0.0.1:3000",
      roles: ["web", "ingest"],
      store: { kind: "embedded", folder: ".parley-acme" },
      bus: "in-process",
      demo: null,
      setupCode: "ABCD-EFGH-JKLM",
    });
    expect(banner).toContain("open http://localhost:3000/#/setup and enter the setup code ABCD-EFGH-JKLM");
    expect(banner).not.toContain("user add --workspace");
  });

  it("warns that an in-memory store keeps nothing", () => {
    const banner = startBanner({
      url: null,
      roles: ["ingest"],
      store: { kind: "embedded", folder: ":memory:" },
      bus: "in-process",
      demo: null,
    });
    expect(banner).toContain("nothing is kept");
    expect(banner).toContain("No web role");
  });
});

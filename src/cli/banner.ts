/** What `parley start` prints once it runs: where it answers, how to sign in, where data lives. */
import type { Role } from "../config.ts";

export interface BannerFacts {
  url: string | null;
  roles: readonly Role[];
  /** "PostgreSQL" or the embedded store's folder (":memory:" for a throwaway one). */
  store: { kind: "postgres" } | { kind: "embedded"; folder: string };
  bus: "in-process" | "NATS";
  demo: { email: string; password: string } | null;
  /** While no workspace exists: the one-time code the setup page asks for. */
  setupCode?: string | null;
}

export function startBanner(facts: BannerFacts): string {
  const address = facts.url?.replace("://127.0.0.1", "://localhost");
  const store =
    facts.store.kind === "postgres"
      ? "PostgreSQL (DATABASE_URL)"
      : facts.store.folder === ":memory:"
        ? "embedded, in memory: nothing is kept after it stops"
        : `embedded, in ${facts.store.folder}`;
  const lines = [
    "Parley is running",
    "",
    // "Open <url>" is what scripts that start Parley look for.
    facts.url ? `  Open ${address}` : "  No web role in this process",
    `  Roles: ${facts.roles.join(", ")}`,
    `  Data: ${store}`,
    `  Events: ${facts.bus}`,
    "",
  ];
  if (facts.demo) {
    lines.push(`  Sign in as ${facts.demo.email} / ${facts.demo.password} (the demo workspace)`);
  } else if (facts.setupCode && address) {
    lines.push(
      "  No workspace yet. Set up your brand and its first admin in the browser:",
      `    open ${address}/#/setup and enter the setup code ${facts.setupCode}`,
      "  (or from the command line: npx parley workspace create --help)",
    );
  } else {
    lines.push(
      "  Sign in with a user of your workspace. To make a workspace and its first admin:",
      "    npx parley workspace create --name Brand --handles brandsupport   (prints its id)",
      "    npx parley user add --workspace <id> --role admin --email you@example.com --name You",
      "  (`npx parley workspace list` shows the ids; user add asks for the password)",
    );
  }
  lines.push("", "  Stop with Ctrl+C");
  const width = Math.max(...lines.map((l) => l.length)) + 2;
  const rule = `+${"-".repeat(width)}+`;
  return `\n${rule}\n${lines.map((l) => `| ${l.padEnd(width - 1)}|`).join("\n")}\n${rule}\n\n`;
}

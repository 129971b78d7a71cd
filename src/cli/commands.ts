/** The subcommands of `parley`, with their help texts. */
import { analyzeCommand } from "./analyzeCommand.ts";
import type { Command } from "./command.ts";
import { customersCommand } from "./customersCommand.ts";
import { importCommand } from "./importCommand.ts";
import { mastodonCommand } from "./mastodonCommand.ts";
import { migrateCommand } from "./migrateCommand.ts";
import { startCommand } from "./startCommand.ts";
import { userCommand } from "./userCommand.ts";
import { workspaceCommand } from "./workspaceCommand.ts";

export const commands: Record<string, Command> = {
  start: startCommand,
  import: importCommand,
  customers: customersCommand,
  workspace: workspaceCommand,
  user: userCommand,
  migrate: migrateCommand,
  analyze: analyzeCommand,
  mastodon: mastodonCommand,
};

export function usage(): string {
  const width = Math.max(...Object.keys(commands).map((k) => k.length));
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return `Parley: public social media as a contact-center channel.

Usage: parley <command> [options]

Commands:
${lines.join("\n")}

Run "parley <command> --help" for a command's options.
Settings also come from the environment: PORT, HOST, PARLEY_DATA, DATABASE_URL, NATS_URL,
PARLEY_ROLES, PARLEY_DEMO, PARLEY_DEMO_RATE, PARLEY_SECRET, PARLEY_CREDENTIALS_KEY, PARLEY_PUBLIC_URL,
PARLEY_METRICS_TOKEN, PARLEY_SOURCE_LEASE_MS, PARLEY_LOG_FORMAT, LOG_LEVEL (see docs/OPERATIONS.md).
`;
}

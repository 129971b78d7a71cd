/** The `parley` command. Each subcommand lives in its own module; this file only dispatches. */
import { setFlagsFromString } from "node:v8";
import { ConfigError, loadConfig } from "../config.ts";
import { ERRORS, isParleyError } from "../errors.ts";
import { commands, usage } from "./commands.ts";

// A smaller young generation for V8 (and the worker threads): measured on an import of 150,000
// posts, peak memory 835 → 740 MB for the same CPU time.
setFlagsFromString("--max-semi-space-size=8");

// A reader that stops early (`parley ... | head`) closes the pipe: end quietly, as other tools do.
process.stdout.on("error", (err: NodeJS.ErrnoException) => {
  if (err.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw err;
});

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(usage());
    return 0;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`parley: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    process.stdout.write(`${command.help}\n`);
    return 0;
  }
  return command.run(rest);
}

/**
 * An error outside the catalogue. A database error's message quotes the statement and its
 * parameters (customers' posts): it is not printed unless the log level asks for debugging.
 */
function unexpected(err: unknown): string {
  const system = err as NodeJS.ErrnoException;
  // A missing or unreadable file is the user's to fix, and its message names only the path.
  if (err instanceof Error && typeof system.syscall === "string" && typeof system.code === "string") {
    return `${system.code}: ${err.message}`;
  }
  let debug = false;
  try {
    debug = ["debug", "trace"].includes(loadConfig().LOG_LEVEL);
  } catch {
    // A bad setting would have been reported already; print the short form.
  }
  const detail =
    debug && err instanceof Error ? `\n${err.stack ?? err.message}` : " (LOG_LEVEL=debug shows more)";
  return `internal: ${ERRORS.internal.message}${detail}`;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof ConfigError) process.stderr.write(`parley: ${err.message}\n`);
    else if (isParleyError(err)) process.stderr.write(`parley: ${err.code}: ${err.message}\n`);
    else if (
      err instanceof Error &&
      err.name === "TypeError" &&
      "code" in err &&
      String(err.code).startsWith("ERR_PARSE_ARGS")
    ) {
      process.stderr.write(`parley: ${err.message}\n`);
    } else process.stderr.write(`parley: ${unexpected(err)}\n`);
    process.exitCode = 1;
  },
);

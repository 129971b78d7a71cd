/** The `parley` command. Each subcommand lives in its own module; this file only dispatches. */
import { setFlagsFromString } from "node:v8";
import { ConfigError } from "../config.ts";
import { isParleyError } from "../errors.ts";
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
    } else
      process.stderr.write(`parley: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  },
);

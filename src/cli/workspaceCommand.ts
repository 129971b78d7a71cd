import { parseArgs } from "node:util";
import { loadConfig } from "../config.ts";
import { ParleyError } from "../errors.ts";
import type { Command } from "./command.ts";

const list = (value: string | undefined) =>
  (value ?? "")
    .split(",")
    .map((v) => v.trim())
    .filter(Boolean);

export const workspaceCommand: Command = {
  summary: "Set up a brand: parley workspace create --name N --handles h1,h2; parley workspace list",
  help: `Usage: parley workspace create --name NAME --handles H1,H2 [--names "Brand,Alias"] [--json] [--data DIR]
       parley workspace list [--json] [--data DIR]

create  makes a workspace for a brand, with a starter campaign matching its handles and names,
        and prints its id (the whole workspace as JSON with --json). Add its first admin with
        parley user add --workspace ID, and import into it with parley import --workspace ID.
list    prints every workspace: id, name, handles.

  --handles  the brand's own accounts, with or without @ (their posts are the brand's answers)
  --names    the brand's names and aliases as people write them; the name by default`,
  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        name: { type: "string" },
        handles: { type: "string" },
        names: { type: "string" },
        json: { type: "boolean", default: false },
        data: { type: "string" },
      },
    });
    const action = positionals[0];
    if (action !== "create" && action !== "list")
      throw new ParleyError(
        "validation_failed",
        'Say "parley workspace create ..." or "parley workspace list"',
      );
    if (action === "create" && (!values.name || !values.handles))
      throw new ParleyError("validation_failed", "--name and --handles are required");
    const config = loadConfig({ PARLEY_DATA: values.data });
    const { openCore } = await import("../core.ts");
    const core = await openCore({ databaseUrl: config.DATABASE_URL, data: config.PARLEY_DATA });
    try {
      if (action === "create") {
        const workspace = await core.services.workspaces.create({
          name: values.name!,
          handles: list(values.handles),
          ...(values.names ? { names: list(values.names) } : {}),
        });
        if (values.json) process.stdout.write(`${JSON.stringify(workspace)}\n`);
        else {
          process.stdout.write(`${workspace.id}\n`);
          process.stderr.write(
            `Created ${workspace.name} (@${workspace.brandHandles.join(", @")}) with a starter campaign.\n` +
              `Next: parley user add --workspace ${workspace.id} --role admin --email ... --name ...\n`,
          );
        }
      } else {
        const workspaces = await core.services.workspaces.list();
        if (values.json) process.stdout.write(`${JSON.stringify(workspaces)}\n`);
        else
          for (const w of workspaces)
            process.stdout.write(
              `${w.id}  ${w.name}${w.demo ? " [demo]" : ""}  @${w.brandHandles.join(" @")}\n`,
            );
      }
    } finally {
      await core.close();
    }
    return 0;
  },
};

import { parseArgs } from "node:util";
import { loadConfig } from "../config.ts";
import { ROLES, type Role } from "../domain/views.ts";
import { ParleyError } from "../errors.ts";
import type { Command } from "./command.ts";
import { readSecretLine } from "./prompt.ts";

export const userCommand: Command = {
  summary: "Add a user: parley user add --email E --name N --role R",
  help: `Usage: parley user add --email EMAIL --name NAME --role ROLE [--workspace ID] [--data DIR]

Adds a user who signs in with a password. The password is read from standard input (typed, or
piped: echo "$PASSWORD" | parley user add ...), never from the command line.

  --role       one of: ${ROLES.join(", ")}
  --workspace  workspace id; the only workspace when there is one`,
  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        email: { type: "string" },
        name: { type: "string" },
        role: { type: "string" },
        workspace: { type: "string" },
        data: { type: "string" },
      },
    });
    if (positionals[0] !== "add") throw new ParleyError("validation_failed", 'Say "parley user add ..."');
    const { email, name, role } = values;
    if (!email || !name || !role)
      throw new ParleyError("validation_failed", "--email, --name and --role are required");
    if (!ROLES.includes(role as Role))
      throw new ParleyError("validation_failed", `--role must be one of ${ROLES.join(", ")}`);
    const config = loadConfig({ PARLEY_DATA: values.data });
    const password = await readSecretLine("Password (8 characters or more): ");
    const { openCore } = await import("../core.ts");
    const core = await openCore({ databaseUrl: config.DATABASE_URL, data: config.PARLEY_DATA });
    try {
      const workspaces = await core.store.workspaces.list();
      const workspace = values.workspace ? workspaces.find((w) => w.id === values.workspace) : workspaces[0];
      if (!workspace)
        throw new ParleyError(
          "not_found",
          values.workspace
            ? `No workspace with id ${values.workspace}: see parley workspace list`
            : "No workspace yet: create one with parley workspace create, or run parley start for the demo",
        );
      if (!values.workspace && workspaces.length > 1) {
        throw new ParleyError("validation_failed", "There are several workspaces: name one with --workspace");
      }
      const user = await core.services.auth.addUser({
        workspaceId: workspace.id,
        email,
        name,
        role: role as Role,
        password,
      });
      process.stderr.write(`Added ${user.email} (${user.role}) to ${workspace.name}.\n`);
    } finally {
      await core.close();
    }
    return 0;
  },
};

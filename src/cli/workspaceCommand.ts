import { parseArgs } from "node:util";
import { loadConfig } from "../config.ts";
import type { Competitor, WorkspaceView } from "../domain/views.ts";
import { sortHandles } from "../domain/workspaceSettings.ts";
import { ParleyError } from "../errors.ts";
import type { WorkspaceSettingsPatch, WorkspaceSettingsView } from "../services/workspaces.ts";
import type { Command } from "./command.ts";

const list = (value: string | undefined) =>
  (value ?? "")
    .split(",")
    .map((v) => v.trim())
    .filter(Boolean);

/** "Orbit Telecom=@orbithelp @orbit;Nova" → competitors with their handles. */
export function parseCompetitors(value: string): Competitor[] {
  return value
    .split(";")
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const [name = "", handles = ""] = entry.split("=");
      return { name: name.trim(), handles: handles.split(/[\s,]+/).filter(Boolean) };
    });
}

const handlesText = (w: WorkspaceView) =>
  [
    ...w.brandHandles.map((h) => `@${h}`),
    ...Object.entries(w.platformHandles).flatMap(([p, hs]) => hs.map((h) => `${p}:@${h}`)),
  ].join(" ");

function describe(w: WorkspaceSettingsView): string {
  const campaign = (c: { name: string; query: string } | null) => (c ? `${c.name}: ${c.query}` : "none");
  return [
    `id           ${w.id}`,
    `name         ${w.name}${w.demo ? " [demo]" : ""}`,
    `names        ${w.brandNames.join(", ")}`,
    `handles      ${handlesText(w)}`,
    `employees    ${w.employeeHandles.join(" ") || "none"}`,
    `competitors  ${w.competitors.map((c) => `${c.name}${c.handles.length ? ` (@${c.handles.join(" @")})` : ""}`).join("; ") || "none"}`,
    `languages    ${w.languages.join(", ") || "any"}`,
    `time zone    ${w.timeZone}`,
    `taxonomy     ${w.taxonomy.examples > 0 && !w.taxonomy.starter ? `${w.taxonomy.examples} examples` : (w.taxonomy.starter ?? "none")}`,
    `campaigns    ${campaign(w.campaigns.starter)}`,
    `             ${campaign(w.campaigns.competitors)}`,
  ].join("\n");
}

const OPTIONS = {
  name: { type: "string" },
  handles: { type: "string" },
  names: { type: "string" },
  employees: { type: "string" },
  competitors: { type: "string" },
  languages: { type: "string" },
  timezone: { type: "string" },
  taxonomy: { type: "string" },
  json: { type: "boolean", default: false },
  data: { type: "string" },
} as const;

export const workspaceCommand: Command = {
  summary: "Set up a brand: parley workspace create --name N --handles h1,h2; list, show, update",
  help: `Usage: parley workspace create --name NAME --handles H1,H2 [settings] [--json] [--data DIR]
       parley workspace update ID [settings] [--json] [--data DIR]
       parley workspace show ID [--json] [--data DIR]
       parley workspace list [--json] [--data DIR]

create  makes a workspace for a brand, with a starter campaign matching its handles and names
        (and a competitor campaign when competitors are given), and prints its id (the whole
        workspace as JSON with --json). Add its first admin with parley user add --workspace ID,
        and import into it with parley import --workspace ID.
update  changes the settings given; the others stay. Campaigns the settings made follow them
        until someone edits them by hand.
show    prints a workspace's settings and the campaigns made from them.
list    prints every workspace: id, name, handles.

Settings:
  --handles      the brand's own accounts, with or without @; platform:handle for one platform
                 only (x:AcmeHelp). Their posts are the brand's answers.
  --names        the brand's names and aliases as people write them; the name by default
  --employees    employees' personal accounts (handle or platform:handle): their posts are
                 stored but open no work item, and do not count as the brand's answer
  --competitors  "Name=@handle @handle;Other Name": posts naming them are collected in a
                 Competitors campaign (share of voice); they open work items only when they
                 also need the brand
  --languages    languages the brand works in, e.g. en,de: the starter campaign's filter
  --timezone     IANA time zone of the operation, e.g. Europe/Berlin [default UTC]
  --taxonomy     starter topic taxonomy: telecom, airline, retail or software`,
  async run(args) {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: OPTIONS });
    const [action, id] = positionals;
    if (action !== "create" && action !== "list" && action !== "show" && action !== "update")
      throw new ParleyError(
        "validation_failed",
        'Say "parley workspace create ...", "list", "show ID" or "update ID ..."',
      );
    if (action === "create" && (!values.name || !values.handles))
      throw new ParleyError("validation_failed", "--name and --handles are required");
    if ((action === "show" || action === "update") && !id)
      throw new ParleyError("validation_failed", `Say which workspace: parley workspace ${action} ID`);
    const config = loadConfig({ PARLEY_DATA: values.data });
    const { openCore } = await import("../core.ts");
    // With NATS, running servers hear of an update at once (workspace.changed).
    const core = await openCore({
      databaseUrl: config.DATABASE_URL,
      data: config.PARLEY_DATA,
      natsUrl: config.NATS_URL,
    });
    const out = (text: string) => process.stdout.write(`${text}\n`);
    try {
      const workspaces = core.services.workspaces;
      if (action === "create") {
        const workspace = await workspaces.create({
          name: values.name!,
          handles: list(values.handles),
          ...(values.names ? { names: list(values.names) } : {}),
          ...(values.employees ? { employees: list(values.employees) } : {}),
          ...(values.competitors ? { competitors: parseCompetitors(values.competitors) } : {}),
          ...(values.languages ? { languages: list(values.languages) } : {}),
          ...(values.timezone ? { timeZone: values.timezone } : {}),
          ...(values.taxonomy ? { taxonomyStarter: values.taxonomy } : {}),
        });
        if (values.json) out(JSON.stringify(workspace));
        else {
          out(workspace.id);
          process.stderr.write(
            `Created ${workspace.name} (${handlesText(workspace)}) with a starter campaign.\n` +
              `Next: parley user add --workspace ${workspace.id} --role admin --email ... --name ...\n`,
          );
        }
      } else if (action === "update") {
        const patch: WorkspaceSettingsPatch = {
          ...(values.name !== undefined ? { name: values.name } : {}),
          ...(values.handles !== undefined ? sortHandles(list(values.handles)) : {}),
          ...(values.names !== undefined ? { brandNames: list(values.names) } : {}),
          ...(values.employees !== undefined ? { employeeHandles: list(values.employees) } : {}),
          ...(values.competitors !== undefined ? { competitors: parseCompetitors(values.competitors) } : {}),
          ...(values.languages !== undefined ? { languages: list(values.languages) } : {}),
          ...(values.timezone !== undefined ? { timeZone: values.timezone } : {}),
          ...(values.taxonomy !== undefined ? { taxonomyStarter: values.taxonomy } : {}),
        };
        if (Object.keys(patch).length === 0)
          throw new ParleyError("validation_failed", "Give at least one setting to change, e.g. --timezone");
        const updated = await workspaces.update(id!, patch, { userId: null });
        out(values.json ? JSON.stringify(updated) : describe(updated));
      } else if (action === "show") {
        const settings = await workspaces.settings(id!);
        out(values.json ? JSON.stringify(settings) : describe(settings));
      } else {
        const all = await workspaces.list();
        if (values.json) out(JSON.stringify(all));
        else for (const w of all) out(`${w.id}  ${w.name}${w.demo ? " [demo]" : ""}  ${handlesText(w)}`);
      }
    } finally {
      await core.close();
    }
    return 0;
  },
};

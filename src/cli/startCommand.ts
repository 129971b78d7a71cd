import { parseArgs } from "node:util";
import { alertSmtpSettings, loadConfig, ssoSettings } from "../config.ts";
import { DEMO_USER } from "../connectors/demo/brand.ts";
import { chooseLogFormat } from "../server/logLines.ts";
import { startBanner } from "./banner.ts";
import type { Command } from "./command.ts";

export const startCommand: Command = {
  summary: "Run Parley (web app, API and sources); all roles in one process by default",
  help: `Usage: parley start [options]

Runs Parley. With an empty store it creates the demo workspace (sign in as ${DEMO_USER.email} /
${DEMO_USER.password}) and feeds it generated posts, marked as demo data. With --no-demo and no
workspace yet, it prints a one-time setup code: open the web app and set up your own brand.

Options:
  --roles LIST   comma-separated roles to run: web (API, web app, live updates), ingest (sources),
                 worker (jobs and timers), scheduler (periodic jobs)
                 [env PARLEY_ROLES, default web,ingest,worker,scheduler]
  --port N       HTTP port [env PORT, default 3000]
  --host ADDR    address to bind [env HOST, default 127.0.0.1]
  --data DIR     embedded store folder, or :memory: for a throwaway store
                 [env PARLEY_DATA, default .parley-data]; ignored when DATABASE_URL is set
  --no-demo      do not create the demo workspace nor run its demo source [env PARLEY_DEMO=0]
  --demo-rate N  demo posts per second [env PARLEY_DEMO_RATE, default 0.5]
  --log-format F readable, json or auto: readable on a terminal, JSON otherwise
                 [env PARLEY_LOG_FORMAT, default auto]`,
  async run(args) {
    const { values } = parseArgs({
      args,
      options: {
        roles: { type: "string" },
        port: { type: "string" },
        host: { type: "string" },
        data: { type: "string" },
        "no-demo": { type: "boolean" },
        "demo-rate": { type: "string" },
        "log-format": { type: "string" },
      },
    });
    const config = loadConfig({
      PARLEY_ROLES: values.roles,
      PORT: values.port,
      HOST: values.host,
      PARLEY_DATA: values.data,
      PARLEY_DEMO: values["no-demo"] ? "0" : undefined,
      PARLEY_DEMO_RATE: values["demo-rate"],
      PARLEY_LOG_FORMAT: values["log-format"],
    });
    const { startParley } = await import("../server/start.ts");
    const parley = await startParley({
      port: config.PORT,
      host: config.HOST,
      data: config.PARLEY_DATA,
      databaseUrl: config.DATABASE_URL,
      natsUrl: config.NATS_URL,
      roles: config.PARLEY_ROLES,
      demo: config.PARLEY_DEMO,
      demoRate: config.PARLEY_DEMO_RATE,
      secret: config.PARLEY_SECRET,
      logLevel: config.LOG_LEVEL,
      logFormat: chooseLogFormat(config.PARLEY_LOG_FORMAT, process.stdout.isTTY === true),
      metricsToken: config.PARLEY_METRICS_TOKEN,
      publicUrl: config.PARLEY_PUBLIC_URL,
      sso: ssoSettings(config),
      credentialsKey: config.PARLEY_CREDENTIALS_KEY,
      sourceLeaseMs: config.PARLEY_SOURCE_LEASE_MS,
      alertSmtp: alertSmtpSettings(config),
    });
    process.stderr.write(
      startBanner({
        url: parley.url,
        roles: config.PARLEY_ROLES,
        store: config.DATABASE_URL ? { kind: "postgres" } : { kind: "embedded", folder: config.PARLEY_DATA },
        bus: config.NATS_URL ? "NATS" : "in-process",
        demo: parley.demoWorkspaceId ? { email: DEMO_USER.email, password: DEMO_USER.password } : null,
        setupCode: parley.setupCode,
      }),
    );
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    });
    process.stderr.write("Stopping…\n");
    await parley.stop();
    return 0;
  },
};

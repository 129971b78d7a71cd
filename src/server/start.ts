/** Starts Parley in this process with the roles asked for; all of them by default. */
import { randomBytes } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { ALL_ROLES, type Role } from "../config.ts";
import type { AlertSmtp } from "../connectors/email/alertSmtp.ts";
import { type Core, openCore } from "../core.ts";
import type { NormalizedPost } from "../domain/post.ts";
import type { SubmitResult } from "../pipeline/pipeline.ts";
import { type BackgroundRoles, startBackgroundRoles } from "../roles/background.ts";
import { ensureDemoSource, ensureDemoWorkspace } from "../services/demo.ts";
import type { SsoSettings } from "../services/sso.ts";
import { buildApp } from "./app.ts";
import type { LogFormat } from "./logLines.ts";

export interface StartOptions {
  port?: number;
  host?: string;
  /** Embedded store folder, or ":memory:". */
  data?: string;
  databaseUrl?: string;
  natsUrl?: string;
  roles?: readonly Role[];
  /** Create the demo workspace on an empty store, and feed it generated posts. */
  demo?: boolean;
  demoRate?: number;
  demoBacklog?: number;
  secret?: string;
  logLevel?: string;
  logFormat?: LogFormat;
  /** Bearer token /metrics requires. */
  metricsToken?: string;
  /** The origin users reach Parley at; https turns on Secure cookies and HSTS. */
  publicUrl?: string;
  sso?: SsoSettings;
  /** Key that seals sources' credentials. */
  credentialsKey?: string;
  /** How long an ingest process holds a source without renewing (another takes over after). */
  sourceLeaseMs?: number;
  /** The SMTP server alerts are mailed through. */
  alertSmtp?: AlertSmtp;
}

export interface Parley {
  /** Base URL of the web role, or null when this process does not serve HTTP. */
  url: string | null;
  core: Core;
  app: FastifyInstance | null;
  demoWorkspaceId: string | null;
  /** The one-time first-run setup code, while no workspace exists and this process serves HTTP. */
  setupCode: string | null;
  /** Feeds posts through the pipeline into a workspace (the demo one by default). */
  ingest(posts: NormalizedPost[], workspaceId?: string): Promise<SubmitResult>;
  stop(): Promise<void>;
}

export async function startParley(options: StartOptions = {}): Promise<Parley> {
  const roles = new Set<Role>(options.roles ?? ALL_ROLES);
  const core = await openCore({
    databaseUrl: options.databaseUrl,
    data: options.data ?? ":memory:",
    natsUrl: options.natsUrl,
    sso: options.sso,
    credentialsKey: options.credentialsKey,
    publicUrl: options.publicUrl,
    ...(options.alertSmtp ? { alertSmtp: options.alertSmtp } : {}),
  });
  const demoWorkspaceId = options.demo ? await ensureDemoWorkspace(core.store) : null;

  if (demoWorkspaceId && roles.has("ingest")) {
    await ensureDemoSource(core.store, demoWorkspaceId, {
      ratePerSecond: options.demoRate ?? 0.5,
      backlog: options.demoBacklog,
    });
  }

  const background: BackgroundRoles = startBackgroundRoles(core, roles, {
    // Without the demo, a demo source left from an earlier run stays quiet.
    skipKinds: options.demo ? [] : ["demo"],
    sourceLeaseMs: options.sourceLeaseMs,
  });

  let app: FastifyInstance | null = null;
  let url: string | null = null;
  let setupCode: string | null = null;
  if (roles.has("web")) {
    app = await buildApp({
      services: core.services,
      bus: core.bus,
      // A generated secret is kept in the database: restarts keep sessions, web processes share them.
      cookieSecret:
        options.secret ??
        (await core.store.credentials.instanceSecret("cookie", () => randomBytes(32).toString("hex"))),
      logLevel: options.logLevel,
      logFormat: options.logFormat,
      metricsToken: options.metricsToken,
      publicUrl: options.publicUrl,
    });
    url = await app.listen({ port: options.port ?? 3000, host: options.host ?? "127.0.0.1" });
    // No workspace yet: whoever reads this log may set the instance up, once, in the browser.
    setupCode = await core.services.setup.issueCode();
    if (setupCode) {
      app.log.warn(
        { setupCode },
        `No workspace yet: open ${url.replace("127.0.0.1", "localhost")}/#/setup and enter the setup code ${setupCode}`,
      );
    }
  }

  return {
    url,
    core,
    app,
    demoWorkspaceId,
    setupCode,
    async ingest(posts, workspaceId) {
      const target = workspaceId ?? demoWorkspaceId;
      if (!target) throw new Error("No workspace to ingest into");
      return core.pipeline.submit(target, posts);
    },
    async stop() {
      await app?.close();
      await background.stop();
      await core.close();
    },
  };
}

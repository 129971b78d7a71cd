/**
 * The only reader of process.env. Every setting is typed, validated and documented here; a bad
 * environment fails at start listing every bad variable at once.
 */
import { z } from "zod";
import { type AlertSmtp, parseAlertSmtpUrl } from "./connectors/email/alertSmtp.ts";
import { emailAddress } from "./domain/emailAddress.ts";

/**
 * web: HTTP API, web app and live updates; ingest: the sources that feed the pipeline; worker:
 * jobs and timers; scheduler: jobs that run on a schedule.
 */
const ROLES = ["web", "ingest", "worker", "scheduler"] as const;
export type Role = (typeof ROLES)[number];

const bool = z
  .enum(["1", "0", "true", "false", "yes", "no", "on", "off"])
  .transform((v) => ["1", "true", "yes", "on"].includes(v));

const USER_ROLES = ["admin", "supervisor", "agent", "analyst"] as const;

export type RoleGroup = { role: (typeof USER_ROLES)[number]; group: string };

/** `role=group,role=group` into pairs, or why it cannot be. */
function parseRoleGroups(text: string): RoleGroup[] | string {
  const pairs: RoleGroup[] = [];
  for (const pair of text.split(",")) {
    const [role, group] = pair.split("=").map((p) => p.trim());
    if (!role || !group || !(USER_ROLES as readonly string[]).includes(role)) {
      return `"${pair}" is not role=group with a role of ${USER_ROLES.join(", ")}`;
    }
    pairs.push({ role: role as RoleGroup["role"], group });
  }
  return pairs;
}

const schema = z.object({
  /** HTTP port of the web role. */
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Address the web role binds to. */
  HOST: z.string().min(1).default("127.0.0.1"),
  /** Folder of the embedded store, or `:memory:` for a throwaway store. Ignored when DATABASE_URL is set. */
  PARLEY_DATA: z.string().min(1).default(".parley-data"),
  /** PostgreSQL connection string; when set, PostgreSQL is used instead of the embedded store. */
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  /** NATS server with JetStream; when set, the bus runs on NATS instead of in-process. */
  NATS_URL: z.url({ protocol: /^nats$/ }).optional(),
  /** Comma-separated process roles: web, ingest, worker, scheduler. All of them by default. */
  PARLEY_ROLES: z
    .string()
    .default(ROLES.join(","))
    .transform((s) =>
      s
        .split(",")
        .map((r) => r.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(ROLES)).min(1)),
  /** Create the demo workspace and run its post generator when the store is empty. */
  PARLEY_DEMO: bool.default(true),
  /** Demo posts generated per second. */
  PARLEY_DEMO_RATE: z.coerce.number().min(0).max(10_000).default(0.5),
  /**
   * Secret that signs session cookies. When unset, one is generated once and kept in the
   * database, so sessions survive restarts and every web process shares them.
   */
  PARLEY_SECRET: z.string().min(32).optional(),
  /**
   * Key that encrypts sources' credentials at rest (32 characters or more). When unset, the
   * embedded store keeps a generated key in `credentials.key` beside its database; PostgreSQL
   * refuses to store credentials without it.
   */
  PARLEY_CREDENTIALS_KEY: z.string().min(32).optional(),
  /**
   * Milliseconds an ingest process holds a source without renewing its lease: after a process
   * dies, another takes its sources over within this time.
   */
  PARLEY_SOURCE_LEASE_MS: z.coerce.number().int().min(1000).max(600_000).default(30_000),
  /**
   * The address users reach Parley at (https://care.example.com). An https URL turns on Secure
   * cookies and HSTS; its origin is the one state-changing browser requests must come from.
   */
  PARLEY_PUBLIC_URL: z
    .url({ protocol: /^https?$/ })
    .transform((u) => new URL(u).origin)
    .optional(),
  /**
   * Bearer token that /metrics requires. Unset, /metrics answers only callers on this machine
   * that did not come through a proxy.
   */
  PARLEY_METRICS_TOKEN: z.string().min(16).optional(),
  /**
   * The SMTP server alert emails go through: smtp://user:password@host:587 (STARTTLS),
   * smtps://user:password@host:465 (TLS), or smtp+plain://host:25 for a server on this machine.
   * Unset, alert rules cannot have email channels.
   */
  PARLEY_ALERT_SMTP_URL: z.string().min(1).optional(),
  /** The address alert emails come from (needed with PARLEY_ALERT_SMTP_URL). */
  PARLEY_ALERT_FROM: emailAddress.optional(),
  /** OpenID Connect provider for single sign-on (its issuer URL); sign-in by password stays. */
  PARLEY_OIDC_ISSUER: z.url().optional(),
  PARLEY_OIDC_CLIENT_ID: z.string().min(1).optional(),
  PARLEY_OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  /**
   * Provider groups that give each role, highest first: `admin=care-admins,agent=care-agents`.
   * A user in none of them is refused.
   */
  PARLEY_OIDC_ROLE_GROUPS: z
    .string()
    .optional()
    .transform((s, ctx) => {
      if (!s) return undefined;
      const parsed = parseRoleGroups(s);
      if (typeof parsed === "string") {
        ctx.addIssue({ code: "custom", message: parsed });
        return z.NEVER;
      }
      return parsed;
    }),
  /** The workspace single sign-on adds new users to; the only one when unset. */
  PARLEY_OIDC_WORKSPACE: z.uuid().optional(),
  /** Log lines: `readable` (time, level, message, context), `json` (one object a line), or `auto`: readable on a terminal, JSON otherwise. */
  PARLEY_LOG_FORMAT: z.enum(["auto", "readable", "json"]).default("auto"),
  /** pino log level. */
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export type Config = z.infer<typeof schema>;

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
    this.problems = problems;
  }
}

/** Reads the configuration from the environment (process.env by default), with overrides from the CLI. */
export function loadConfig(
  overrides: Partial<Record<keyof Config, string | undefined>> = {},
  env: Record<string, string | undefined> = process.env,
): Config {
  const input: Record<string, string | undefined> = {};
  for (const key of Object.keys(schema.shape)) {
    const value = overrides[key as keyof Config] ?? env[key];
    input[key] = value === "" ? undefined : value;
  }
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));
  }
  return parsed.data;
}

/** The alerts' SMTP server when one is configured. */
export function alertSmtpSettings(config: Config): AlertSmtp | undefined {
  if (!config.PARLEY_ALERT_SMTP_URL) return undefined;
  if (!config.PARLEY_ALERT_FROM)
    throw new ConfigError(["PARLEY_ALERT_FROM: needed with PARLEY_ALERT_SMTP_URL"]);
  try {
    return parseAlertSmtpUrl(config.PARLEY_ALERT_SMTP_URL, config.PARLEY_ALERT_FROM);
  } catch (err) {
    throw new ConfigError([`PARLEY_ALERT_SMTP_URL: ${(err as Error).message}`]);
  }
}

export const ALL_ROLES: readonly Role[] = ROLES;

/**
 * Single sign-on settings when an OpenID Connect provider is configured: all of issuer, client,
 * secret, role groups and the public URL (the provider sends users back to it), or none of them.
 */
export function ssoSettings(config: Config) {
  const given = {
    PARLEY_OIDC_ISSUER: config.PARLEY_OIDC_ISSUER,
    PARLEY_OIDC_CLIENT_ID: config.PARLEY_OIDC_CLIENT_ID,
    PARLEY_OIDC_CLIENT_SECRET: config.PARLEY_OIDC_CLIENT_SECRET,
    PARLEY_OIDC_ROLE_GROUPS: config.PARLEY_OIDC_ROLE_GROUPS,
  };
  if (Object.values(given).every((v) => v === undefined)) return undefined;
  const missing = Object.entries({ ...given, PARLEY_PUBLIC_URL: config.PARLEY_PUBLIC_URL })
    .filter(([, v]) => v === undefined)
    .map(([k]) => `${k}: needed for single sign-on`);
  if (missing.length > 0) throw new ConfigError(missing);
  return {
    issuer: config.PARLEY_OIDC_ISSUER!,
    clientId: config.PARLEY_OIDC_CLIENT_ID!,
    clientSecret: config.PARLEY_OIDC_CLIENT_SECRET!,
    roleGroups: config.PARLEY_OIDC_ROLE_GROUPS!,
    redirectUri: `${config.PARLEY_PUBLIC_URL}/api/sso/callback`,
    workspaceId: config.PARLEY_OIDC_WORKSPACE,
  };
}

/**
 * The composition root: opens the store and the bus, builds the pipeline and the services. The
 * server and every CLI command start from here, so each backend is chosen in one place.
 */
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type Bus, createBus } from "./bus/index.ts";
import { type OutboxRelay, startOutboxRelay } from "./bus/outbox.ts";
import { type AlertMailer, smtpAlertMailer } from "./connectors/email/alertMail.ts";
import type { AlertSmtp } from "./connectors/email/alertSmtp.ts";
import { noSecretBox, type SecretBox, secretBox } from "./connectors/secretBox.ts";
import { type Clock, systemClock } from "./domain/clock.ts";
import { CONTEXT_EVENTS } from "./domain/events.ts";
import { alertDeliverJob, alertMatchJob, alertWindowsJob } from "./jobs/alerts.ts";
import { BUILTIN_JOBS } from "./jobs/builtin.ts";
import type { JobDefinition } from "./jobs/definition.ts";
import { handoffDeliverJob } from "./jobs/handoffDeliver.ts";
import { incidentAnswerJob } from "./jobs/incidents.ts";
import { INSIGHT_JOBS } from "./jobs/insights.ts";
import { replySendJob } from "./jobs/replySend.ts";
import { routingJobs } from "./jobs/routing.ts";
import { eventTrigger } from "./jobs/runner.ts";
import { slaJobs } from "./jobs/sla.ts";
import { surveyJobs } from "./jobs/surveys.ts";
import { type WorkspaceContexts, workspaceContexts } from "./pipeline/context.ts";
import { IngestPipeline } from "./pipeline/pipeline.ts";
import { createServices, type Services } from "./services/index.ts";
import { recordHistory } from "./services/itemHistory.ts";
import { routingEngine } from "./services/routing.ts";
import { slaEngine } from "./services/sla.ts";
import type { SsoSettings } from "./services/sso.ts";
import { surveyService } from "./services/surveys.ts";
import { createStore, type Database, openDatabase, type Store } from "./store/index.ts";

export interface CoreOptions {
  databaseUrl?: string;
  /** Embedded store folder or ":memory:". */
  data?: string;
  natsUrl?: string;
  /** Single sign-on with an OpenID Connect provider. */
  sso?: SsoSettings;
  /** Key that seals sources' credentials (PARLEY_CREDENTIALS_KEY). */
  credentialsKey?: string;
  clock?: Clock;
  /** Parley's public address (PARLEY_PUBLIC_URL): hand-offs tell the contact center where to report. */
  publicUrl?: string;
  /** How long a hand-off endpoint may take to answer (default 10 s). */
  handoffTimeoutMs?: number;
  /** The SMTP server alerts are mailed through (PARLEY_ALERT_SMTP_URL, PARLEY_ALERT_FROM). */
  alertSmtp?: AlertSmtp;
  /** Sends alert mail instead of `alertSmtp` (tests). */
  alertMailer?: AlertMailer;
  /** How long an alert webhook may take to answer (default 10 s). */
  alertTimeoutMs?: number;
  /** Jobs beside the built-in ones (tests add their own). */
  jobs?: readonly JobDefinition[];
}

export interface Core {
  database: Database;
  store: Store;
  bus: Bus;
  contexts: WorkspaceContexts;
  pipeline: IngestPipeline;
  services: Services;
  clock: Clock;
  relay: OutboxRelay;
  /** Seals and opens sources' credentials. */
  box: SecretBox;
  /** Every job this process knows: what its worker runs and its scheduler enqueues. */
  jobs: readonly JobDefinition[];
  close(): Promise<void>;
}

export async function openCore(options: CoreOptions): Promise<Core> {
  const database = await openDatabase({ url: options.databaseUrl, dataDir: options.data });
  await database.migrate();
  const store = createStore(database);
  const bus = await createBus({ natsUrl: options.natsUrl });
  const contexts = workspaceContexts(store);
  const clock = options.clock ?? systemClock;
  const pipeline = new IngestPipeline({ store, bus, contextFor: (id) => contexts.get(id) });
  const box = credentialsBox(options);
  const routing = routingEngine({ store, bus, clock });
  const sla = slaEngine({ store, bus, clock, requestDispatch: routing.requestDispatch });
  const alertMailer =
    options.alertMailer ?? (options.alertSmtp ? smtpAlertMailer(options.alertSmtp) : undefined);
  const jobs = [
    ...BUILTIN_JOBS,
    replySendJob({ pipeline, bus, box }),
    ...routingJobs(routing),
    ...slaJobs(sla),
    handoffDeliverJob({
      bus,
      box,
      publicUrl: options.publicUrl,
      timeoutMs: options.handoffTimeoutMs,
      requestDispatch: routing.requestDispatch,
    }),
    ...surveyJobs(surveyService(store, bus, clock)),
    ...INSIGHT_JOBS,
    alertMatchJob,
    alertWindowsJob,
    alertDeliverJob({
      box,
      ...(alertMailer ? { mailer: alertMailer } : {}),
      publicUrl: options.publicUrl,
      timeoutMs: options.alertTimeoutMs,
    }),
    incidentAnswerJob(() => services.incidents),
    ...(options.jobs ?? []),
  ];
  const relay = startOutboxRelay(store, bus, { clock });
  relay.addTrigger(eventTrigger(jobs, clock));
  // Each work item's history is kept from its events, in the transaction that relays them.
  relay.addTrigger(recordHistory);
  // A process changed a workspace's campaigns, models or settings: what this one cached is stale.
  const stopListening = bus.onEvent((event) => {
    if (event.workspaceId && CONTEXT_EVENTS.has(event.type)) contexts.invalidate(event.workspaceId);
  });
  const services = createServices({
    store,
    bus,
    pipeline,
    contexts,
    sso: options.sso,
    box,
    clock,
    routing,
    sla,
    alertEmail: alertMailer !== undefined,
  });
  return {
    database,
    store,
    bus,
    contexts,
    pipeline,
    services,
    clock,
    relay,
    box,
    jobs,
    async close() {
      await pipeline.close();
      await relay.close();
      stopListening();
      await bus.close();
      await database.close();
    },
  };
}

/**
 * The configured key; else, for the embedded store, a key generated once and kept beside the
 * database (owner-only), so a copy of the database file alone does not open the credentials.
 * PostgreSQL without a configured key stores no credentials.
 */
function credentialsBox(options: CoreOptions): SecretBox {
  if (options.credentialsKey) return secretBox(options.credentialsKey);
  if (options.databaseUrl) return noSecretBox;
  if (!options.data || options.data === ":memory:") return secretBox(randomBytes(32).toString("hex"));
  const file = join(options.data, "credentials.key");
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString("hex"), { mode: 0o600, flag: "wx" });
  return secretBox(readFileSync(file, "utf8").trim());
}

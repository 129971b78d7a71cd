/** The Fastify application: plugins, the error catalogue on the wire, and every route. */
import { existsSync } from "node:fs";
import type { Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import fastifyCompress from "@fastify/compress";
import fastifyCookie from "@fastify/cookie";
import fastifyRateLimit from "@fastify/rate-limit";
import fastifyStatic from "@fastify/static";
import fastifySwagger from "@fastify/swagger";
import fastifyWebsocket from "@fastify/websocket";
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply } from "fastify";
import { z } from "zod";
import type { Bus } from "../bus/index.ts";
import { type ErrorCode, isParleyError, ParleyError } from "../errors.ts";
import { metrics } from "../metrics.ts";
import type { Services } from "../services/index.ts";
import { registerAuth, SESSION_COOKIE } from "./auth.ts";
import { type LogFormat, readableLogStream } from "./logLines.ts";
import { describe, errorSchema } from "./routeSchema.ts";
import { alertRoutes } from "./routes/alerts.ts";
import { auditRoutes } from "./routes/audit.ts";
import { campaignRoutes } from "./routes/campaigns.ts";
import { conversationRoutes } from "./routes/conversations.ts";
import { customerImportRoutes } from "./routes/customerImport.ts";
import { customerLinkRoutes } from "./routes/customerLinks.ts";
import { customerRoutes } from "./routes/customers.ts";
import { deadLetterRoutes } from "./routes/deadLetters.ts";
import { engagementRoutes } from "./routes/engagement.ts";
import { handoffRoutes } from "./routes/handoffs.ts";
import { healthRoutes } from "./routes/health.ts";
import { importRoutes } from "./routes/imports.ts";
import { incidentRoutes } from "./routes/incidents.ts";
import { insightRoutes } from "./routes/insights.ts";
import { learningRoutes } from "./routes/learning.ts";
import { liveRoutes } from "./routes/live.ts";
import { noteRoutes } from "./routes/notes.ts";
import { privacyRoutes } from "./routes/privacy.ts";
import { replyRoutes } from "./routes/replies.ts";
import { retentionRoutes } from "./routes/retention.ts";
import { routingRoutes } from "./routes/routing.ts";
import { sessionRoutes } from "./routes/session.ts";
import { setupRoutes } from "./routes/setup.ts";
import { slaRoutes } from "./routes/sla.ts";
import { sourceRoutes } from "./routes/sources.ts";
import { ssoRoutes } from "./routes/sso.ts";
import { supervisorRoutes } from "./routes/supervisor.ts";
import { tokenRoutes } from "./routes/tokens.ts";
import { userRoutes } from "./routes/users.ts";
import { workItemRoutes } from "./routes/workItems.ts";
import { workspaceRoutes } from "./routes/workspace.ts";

export interface AppOptions {
  services: Services;
  bus: Bus;
  cookieSecret: string;
  logLevel?: string;
  /** Readable lines for a terminal, or pino's JSON (the default). */
  logFormat?: LogFormat;
  /** Where readable log lines go; stdout by default. */
  logOutput?: Pick<Writable, "write">;
  /** Folder of the built web app; served at / when it exists. */
  webRoot?: string;
  /** Largest request body accepted, in bytes. */
  bodyLimit?: number;
  ready?: () => Promise<boolean>;
  /** Largest import body accepted over HTTP, in bytes. */
  importLimit?: number;
  /** Bearer token /metrics requires; without one only local callers may read it. */
  metricsToken?: string;
  /**
   * The origin users reach Parley at. Cookie-authenticated changes must come from it; an https
   * one also makes the session cookie Secure and turns on HSTS.
   */
  publicUrl?: string;
  /** How often a live socket re-checks its credential, in milliseconds. */
  liveRecheckMs?: number;
}

const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

const DEFAULT_WEB_ROOT = fileURLToPath(new URL("../../dist/web", import.meta.url));

/** Fastify's own errors, mapped onto the catalogue so clients see one vocabulary. */
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: "payload_too_large",
  FST_ERR_CTP_INVALID_MEDIA_TYPE: "unsupported_media_type",
  FST_ERR_CTP_EMPTY_JSON_BODY: "malformed_json",
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: "validation_failed",
  FST_ERR_VALIDATION: "validation_failed",
  // The router's own refusals: a path parameter over its length, or broken percent-encoding.
  FST_ERR_MAX_PARAM_LENGTH: "validation_failed",
  FST_ERR_BAD_URL: "validation_failed",
  FST_ERR_ASYNC_CONSTRAINT: "validation_failed",
};

const IMMUTABLE = "public, max-age=31536000, immutable";
const isHashedAsset = (path: string) => /[\\/]assets[\\/][^\\/]+$/.test(path);

/** Paths of the API: an unknown one is a JSON 404, never the web app's page. */
export function isApiPath(url: string): boolean {
  const path = url.split("?")[0]!.toLowerCase();
  return path === "/api" || path.startsWith("/api/") || path === "/openapi.json" || path === "/metrics";
}

export function toParleyError(err: FastifyError | Error): ParleyError {
  if (isParleyError(err)) return err;
  const code = (err as FastifyError).code;
  if (code && FASTIFY_CODES[code]) return new ParleyError(FASTIFY_CODES[code]);
  if (err instanceof SyntaxError || code === "FST_ERR_CTP_INVALID_JSON_BODY")
    return new ParleyError("malformed_json");
  const status = (err as FastifyError).statusCode;
  if (status === 429) return new ParleyError("rate_limited");
  if (status && status >= 400 && status < 500) return new ParleyError("validation_failed", err.message);
  return new ParleyError("internal");
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: {
      level: options.logLevel ?? "info",
      ...(options.logFormat === "readable"
        ? { stream: readableLogStream(options.logOutput ?? process.stdout) }
        : {}),
    },
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    // Every route validates with zod in its handler; the JSON schemas are there for OpenAPI only.
    ajv: { customOptions: { strict: false } },
    // Errors raised before routing (a bad URL) get the catalogue's shape too.
    frameworkErrors: (err, _request, reply) => {
      const parleyError = toParleyError(err);
      (reply as FastifyReply).code(parleyError.status).send(parleyError.toJSON());
    },
  });
  app.setValidatorCompiler(() => (data) => ({ value: data }));
  // Response schemas document the API and are checked against every answer of the HTTP test
  // suites; the answer itself is plain JSON.stringify, so a property a schema forgot still reaches
  // the client instead of being dropped by a schema-driven serializer.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  app.addSchema(errorSchema());
  const webRoot = options.webRoot ?? DEFAULT_WEB_ROOT;
  const hasWeb = existsSync(`${webRoot}/index.html`);

  const publicOrigin = options.publicUrl ? new URL(options.publicUrl).origin : undefined;
  const behindTls = publicOrigin?.startsWith("https://") ?? false;
  app.setErrorHandler((err: FastifyError, request, reply) => {
    const parleyError = toParleyError(err);
    if (parleyError.code === "internal") request.log.error({ err }, "request failed");
    const retryAfter = (parleyError.details as { retryAfterSeconds?: unknown } | undefined)
      ?.retryAfterSeconds;
    if (typeof retryAfter === "number") reply.header("retry-after", String(retryAfter));
    reply.code(parleyError.status).send(parleyError.toJSON());
  });
  app.setNotFoundHandler((request, reply) => {
    if (isApiPath(request.url) || request.method !== "GET" || !hasWeb) {
      return reply
        .code(404)
        .send(new ParleyError("not_found", `No route ${request.method} ${request.url}`).toJSON());
    }
    // The web app routes on the client: unknown page paths get its index.
    return reply.sendFile("index.html");
  });
  // Post text is untrusted: React renders it as text, and this policy is the second wall — no
  // script runs unless it is one of the app's own files, and nothing may frame the app.
  app.addHook("onSend", async (_request, reply) => {
    reply.header("content-security-policy", CONTENT_SECURITY_POLICY);
    reply.header("x-content-type-options", "nosniff");
    reply.header("referrer-policy", "no-referrer");
    // Behind TLS, browsers are told to use nothing else for a year.
    if (behindTls) reply.header("strict-transport-security", "max-age=31536000; includeSubDomains");
  });
  app.addHook("onResponse", async (request, reply) => {
    metrics.httpRequests.inc({ method: request.method, status: String(reply.statusCode) });
  });

  // JSON lists compress about sevenfold; small answers (under 1 KiB) go as they are.
  await app.register(fastifyCompress, { threshold: 1024 });
  await app.register(fastifyCookie, { secret: options.cookieSecret });
  // Limits apply only where a route asks for one (sign-in); the rest is behind authentication.
  await app.register(fastifyRateLimit, { global: false });
  await app.register(fastifyWebsocket, { options: { maxPayload: 64 * 1024 } });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "Parley API",
        version: "0.1.0",
        description:
          "Social media as a contact-center channel. Authenticate with the session cookie from POST /api/session or an `Authorization: Bearer` API token. Errors are `{ error: { code, message, details? } }` with stable codes.",
      },
      components: {
        securitySchemes: {
          session: { type: "apiKey", in: "cookie", name: SESSION_COOKIE },
          bearer: { type: "http", scheme: "bearer" },
        },
      },
      // Either credential; public routes say `security: []`.
      security: [{ session: [] }, { bearer: [] }],
    },
    // Shared schemas keep their names in components.schemas (the error body is `Error`).
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) },
  });
  registerAuth(app, options.services.auth, publicOrigin);

  if (hasWeb) {
    await app.register(fastifyStatic, {
      root: webRoot,
      wildcard: false,
      cacheControl: false,
      // Vite names built assets by their content's hash: a changed file is a new name, so they
      // keep for a year; the page that names them is revalidated on every load.
      setHeaders: (reply, path) => {
        reply.header("cache-control", isHashedAsset(path) ? IMMUTABLE : "no-cache");
      },
    });
  }

  healthRoutes(app, options.ready ?? (async () => true), options.metricsToken);
  sessionRoutes(app, options.services, behindTls);
  ssoRoutes(app, options.services, behindTls, publicOrigin);
  tokenRoutes(app, options.services);
  userRoutes(app, options.services);
  workItemRoutes(app, options.services);
  replyRoutes(app, options.services);
  noteRoutes(app, options.services);
  handoffRoutes(app, options.services);
  alertRoutes(app, options.services);
  incidentRoutes(app, options.services);
  engagementRoutes(app, options.services);
  conversationRoutes(app, options.services);
  campaignRoutes(app, options.services);
  workspaceRoutes(app, options.services);
  setupRoutes(app, options.services, behindTls);
  learningRoutes(app, options.services);
  importRoutes(app, options.services, options.importLimit ?? 256 * 1024 * 1024);
  auditRoutes(app, options.services);
  liveRoutes(app, options.services, options.bus, options.liveRecheckMs);
  sourceRoutes(app, options.services);
  deadLetterRoutes(app, options.services);
  privacyRoutes(app, options.services);
  routingRoutes(app, options.services);
  supervisorRoutes(app, options.services);
  customerRoutes(app, options.services);
  customerLinkRoutes(app, options.services, publicOrigin);
  customerImportRoutes(app, options.services, options.importLimit ?? 256 * 1024 * 1024);
  retentionRoutes(app, options.services);
  slaRoutes(app, options.services);
  insightRoutes(app, options.services);
  app.get(
    "/openapi.json",
    {
      schema: describe({
        operationId: "openapi",
        tags: ["operations"],
        summary: "This API's OpenAPI 3.1 description",
        public: true,
        hide: true,
        response: { 200: z.record(z.string(), z.unknown()) },
      }),
    },
    async () => app.swagger(),
  );
  return app;
}

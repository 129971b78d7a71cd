/**
 * Sending through the source's SMTP server (nodemailer's transport): the login, TLS as the
 * settings say, and the server's answers turned into `PeerError`s. A refused login or a
 * recipient refused for good (5xx) is `refused`; a server that cannot be reached, does not
 * answer in time or answers 4xx (try later) is `unavailable`, so the reply job retries.
 */
import { createTransport } from "nodemailer";
import { PeerError } from "../contract.ts";
import type { EmailSettings } from "./settings.ts";

interface SmtpErrorShape {
  code?: string;
  responseCode?: number;
  response?: string;
  message?: string;
}

export function smtpPeerError(err: unknown, where: string): PeerError {
  const e = (err ?? {}) as SmtpErrorShape;
  const said = e.response ? `: ${e.response}` : "";
  if (e.code === "EAUTH") return new PeerError("refused", `${where} refused the login${said}`);
  if (e.code === "ETIMEDOUT") return new PeerError("unavailable", `No answer from ${where} in time`);
  if (e.code === "ECONNECTION" || e.code === "ECONNREFUSED" || e.code === "ESOCKET" || e.code === "EDNS") {
    if (/certificate|self[- ]signed|CERT_|wrong version number/i.test(e.message ?? ""))
      return new PeerError("refused", `${where}: TLS failed (${e.message})`);
    return new PeerError("unavailable", `${where} could not be reached (${e.message ?? e.code})`);
  }
  if (e.code === "ETLS") return new PeerError("refused", `${where}: STARTTLS failed (${e.message})`);
  if (typeof e.responseCode === "number") {
    if (e.responseCode >= 500) return new PeerError("refused", `${where} refused the message${said}`);
    return new PeerError("unavailable", `${where} asks to try later${said}`);
  }
  return new PeerError("unavailable", `${where} failed: ${e.message ?? String(err)}`);
}

function transport(settings: EmailSettings, password: string, timeoutMs: number) {
  return createTransport({
    host: settings.smtpHost,
    port: settings.smtpPort,
    secure: settings.smtpTls === "tls",
    requireTLS: settings.smtpTls === "starttls",
    ignoreTLS: settings.smtpTls === "none",
    auth: { user: settings.smtpUser ?? settings.imapUser, pass: password },
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: Math.max(timeoutMs, 60_000),
    tls: { servername: settings.smtpHost, rejectUnauthorized: true },
    name: settings.fromAddress.split("@")[1],
  });
}

/** Sends a composed message (`raw`, with its headers) to these recipients. */
export async function sendMail(
  settings: EmailSettings,
  password: string,
  timeoutMs: number,
  message: { from: string; to: string[]; raw: Buffer },
): Promise<void> {
  const where = `${settings.smtpHost}:${settings.smtpPort}`;
  const t = transport(settings, password, timeoutMs);
  try {
    await t.sendMail({ envelope: { from: message.from, to: message.to }, raw: message.raw });
  } catch (err) {
    throw smtpPeerError(err, where);
  } finally {
    t.close();
  }
}

/** Connects and logs in, sending nothing. */
export async function verifySmtp(
  settings: EmailSettings,
  password: string,
  timeoutMs: number,
): Promise<void> {
  const where = `${settings.smtpHost}:${settings.smtpPort}`;
  const t = transport(settings, password, timeoutMs);
  try {
    await t.verify();
  } catch (err) {
    throw smtpPeerError(err, where);
  } finally {
    t.close();
  }
}

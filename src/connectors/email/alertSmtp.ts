/**
 * The SMTP server Parley mails alerts through: one for the whole installation, set by
 * PARLEY_ALERT_SMTP_URL (`smtp://user:password@host:587` with STARTTLS, `smtps://…:465` with TLS
 * from the first byte, `smtp+plain://…` without TLS, accepted only for this machine) and
 * PARLEY_ALERT_FROM. Read at start, so it stays free of the mail library.
 */
import { isLoopbackHost, type TlsMode } from "./settings.ts";

export interface AlertSmtp {
  host: string;
  port: number;
  tls: TlsMode;
  user: string | null;
  password: string | null;
  from: string;
}

/** Reads the URL; throws an Error that names what is wrong. */
export function parseAlertSmtpUrl(raw: string, from: string): AlertSmtp {
  const url = new URL(raw);
  const tls: TlsMode | null =
    url.protocol === "smtp:"
      ? "starttls"
      : url.protocol === "smtps:"
        ? "tls"
        : url.protocol === "smtp+plain:"
          ? "none"
          : null;
  if (!tls) throw new Error("PARLEY_ALERT_SMTP_URL must start with smtp://, smtps:// or smtp+plain://");
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (tls === "none" && !isLoopbackHost(host))
    throw new Error("PARLEY_ALERT_SMTP_URL: smtp+plain:// (no TLS) is accepted only for this machine");
  return {
    host,
    port: url.port ? Number(url.port) : tls === "tls" ? 465 : 587,
    tls,
    user: url.username ? decodeURIComponent(url.username) : null,
    password: url.password ? decodeURIComponent(url.password) : null,
    from,
  };
}

/**
 * Parley's own outgoing mail, for alerts, through the installation's SMTP server
 * (`alertSmtp.ts`). Messages are plain text only, so post text in them is never markup.
 */
import { createTransport } from "nodemailer";
import MailComposer from "nodemailer/lib/mail-composer/index.js";
import type { AlertSmtp } from "./alertSmtp.ts";
import { smtpPeerError } from "./smtp.ts";

export interface AlertMail {
  to: string[];
  subject: string;
  text: string;
  /** The message's id (without angle brackets): a retried delivery sends the same id. */
  messageId: string;
  date: Date;
}

/** The message as sent: headers and a plain-text body. */
export async function composeAlertMail(from: string, mail: AlertMail): Promise<Buffer> {
  return new MailComposer({
    from,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    messageId: `<${mail.messageId}>`,
    date: mail.date,
    headers: { "Auto-Submitted": "auto-generated" },
  })
    .compile()
    .build();
}

export type AlertMailer = (mail: AlertMail) => Promise<void>;

export function smtpAlertMailer(smtp: AlertSmtp, timeoutMs = 30_000): AlertMailer {
  return async (mail) => {
    const where = `${smtp.host}:${smtp.port}`;
    const t = createTransport({
      host: smtp.host,
      port: smtp.port,
      secure: smtp.tls === "tls",
      requireTLS: smtp.tls === "starttls",
      ignoreTLS: smtp.tls === "none",
      ...(smtp.user ? { auth: { user: smtp.user, pass: smtp.password ?? "" } } : {}),
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: Math.max(timeoutMs, 60_000),
      tls: { servername: smtp.host, rejectUnauthorized: true },
      name: smtp.from.split("@")[1],
    });
    try {
      const raw = await composeAlertMail(smtp.from, mail);
      await t.sendMail({ envelope: { from: smtp.from, to: mail.to }, raw });
    } catch (err) {
      throw smtpPeerError(err, where);
    } finally {
      t.close();
    }
  };
}

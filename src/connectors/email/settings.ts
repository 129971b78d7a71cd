/** What an admin sets for an email source: the IMAP mailbox it reads and the SMTP server it answers through. */
import { z } from "zod";
import { emailAddress } from "../../domain/emailAddress.ts";

/**
 * How the connection is protected: `tls` from the first byte (IMAPS 993, SMTPS 465), `starttls`
 * (upgraded before the login; refused when the server does not offer it) or `none`, which sends
 * the password in the clear and is accepted only for a server on this machine.
 */
export const TLS_MODES = ["tls", "starttls", "none"] as const;
export type TlsMode = (typeof TLS_MODES)[number];

const host = z
  .string()
  .trim()
  .min(1, "A host name or address is needed")
  .max(253)
  .regex(/^[A-Za-z0-9.:[\]-]+$/, "A host is a name or an address, without a scheme or a path");
const port = z.number().int().min(1).max(65_535);

/** Loopback names and addresses: the only hosts a plaintext connection may go to. */
export function isLoopbackHost(name: string): boolean {
  const h = name.toLowerCase().replace(/^\[|\]$/g, "");
  return h === "localhost" || h === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

export const emailSettings = z
  .object({
    imapHost: host,
    imapPort: port.default(993),
    imapTls: z.enum(TLS_MODES).default("tls"),
    imapUser: z.string().min(1).max(320),
    /** The folder read: one mailbox per source. */
    mailbox: z.string().trim().min(1).max(255).default("INBOX"),
    smtpHost: host,
    smtpPort: port.default(587),
    smtpTls: z.enum(TLS_MODES).default("starttls"),
    /** The SMTP login; the IMAP login when absent. */
    smtpUser: z.string().min(1).max(320).optional(),
    /** The brand's address: replies come from it, and mail from it is the brand's own. */
    fromAddress: emailAddress,
    fromName: z.string().trim().max(200).optional(),
    /** A folder where sent replies are appended (`Sent`); none when absent. */
    sentMailbox: z.string().trim().min(1).max(255).optional(),
    /** Messages larger than this (bytes, as the server counts them) are not downloaded. */
    maxMessageBytes: z
      .number()
      .int()
      .min(1024)
      .max(50 * 1024 * 1024)
      .default(10 * 1024 * 1024),
    /** How long to wait between reads when the server cannot push (no IDLE). */
    pollIntervalSeconds: z.number().int().min(15).max(86_400).default(60),
  })
  .refine((s) => s.imapTls !== "none" || isLoopbackHost(s.imapHost), {
    message: "Without TLS the password would cross the network in the clear: use tls or starttls",
    path: ["imapTls"],
  })
  .refine((s) => s.smtpTls !== "none" || isLoopbackHost(s.smtpHost), {
    message: "Without TLS the password would cross the network in the clear: use tls or starttls",
    path: ["smtpTls"],
  });

export type EmailSettings = z.output<typeof emailSettings>;

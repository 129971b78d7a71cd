/** Mail for the email tests: messages written as a mail program would, and put in a mailbox over IMAP. */
import { ImapFlow } from "imapflow";
import type { MailServers } from "./mailServers.ts";

export interface MailSpec {
  id: string;
  from?: string;
  to?: string;
  subject?: string;
  text?: string;
  inReplyTo?: string;
  references?: string[];
  date?: Date;
}

/** A plain text message with CRLF line ends; `id` without angle brackets. */
export function plainMail(spec: MailSpec): Buffer {
  const lines = [
    `From: ${spec.from ?? "Ana Lima <ana@example.test>"}`,
    `To: ${spec.to ?? "Lumen Help <help@lumen.test>"}`,
    `Subject: ${spec.subject ?? `About ${spec.id}`}`,
    `Date: ${(spec.date ?? new Date("2026-11-30T10:00:00Z")).toUTCString()}`,
    `Message-ID: <${spec.id}>`,
    ...(spec.inReplyTo ? [`In-Reply-To: <${spec.inReplyTo}>`] : []),
    ...(spec.references?.length ? [`References: ${spec.references.map((r) => `<${r}>`).join(" ")}`] : []),
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
    "Content-Transfer-Encoding: 8bit",
    "",
    spec.text ?? `My bill for ${spec.id} is wrong.`,
    "",
  ];
  return Buffer.from(lines.join("\r\n"), "utf8");
}

/** Appends messages to a user's folder, as delivery would put them there. */
export async function appendMail(
  servers: Pick<MailServers, "host" | "imapPort">,
  login: { user: string; password: string },
  messages: Buffer[],
  mailbox = "INBOX",
): Promise<void> {
  const client = new ImapFlow({
    host: servers.host,
    port: servers.imapPort,
    secure: false,
    doSTARTTLS: false,
    auth: { user: login.user, pass: login.password },
    logger: false,
  });
  await client.connect();
  try {
    for (const m of messages) await client.append(mailbox, m);
  } finally {
    await client.logout();
  }
}

/** The `email` kind: one IMAP mailbox read (IDLE, UIDVALIDITY and UID as the cursor), answered by SMTP. */
import type { ConnectorKind } from "../contract.ts";
import { createEmailConnector } from "./connector.ts";
import { type EmailSettings, emailSettings } from "./settings.ts";

export const emailKind: ConnectorKind<EmailSettings> = {
  kind: "email",
  label: "Email (IMAP and SMTP)",
  platform: "email",
  mode: "poll",
  // A mailbox is a direct channel: every message is addressed to the brand.
  requireMatch: false,
  settings: emailSettings,
  credentials: ["imapPassword", "smtpPassword"],
  // No platform limit on a mail's length; this keeps a reply to what an agent writes by hand.
  replies: { public: false, private: true, maxLength: 20_000 },
  create: (source) => createEmailConnector(source),
};

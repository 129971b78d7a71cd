import { api } from "../api/client.ts";
import { ConnectionTest } from "./ConnectionTest.tsx";

/** The email source's part of the "Add a source" form: the IMAP mailbox read, the SMTP server answered through. */
export interface EmailDraft {
  imapHost: string;
  imapPort: string;
  imapTls: "tls" | "starttls" | "none";
  imapUser: string;
  imapPassword: string;
  mailbox: string;
  smtpHost: string;
  smtpPort: string;
  smtpTls: "tls" | "starttls" | "none";
  smtpUser: string;
  smtpPassword: string;
  fromAddress: string;
  fromName: string;
  sentMailbox: string;
}

export const EMPTY_EMAIL: EmailDraft = {
  imapHost: "",
  imapPort: "993",
  imapTls: "tls",
  imapUser: "",
  imapPassword: "",
  mailbox: "INBOX",
  smtpHost: "",
  smtpPort: "587",
  smtpTls: "starttls",
  smtpUser: "",
  smtpPassword: "",
  fromAddress: "",
  fromName: "",
  sentMailbox: "Sent",
};

/** The settings and credentials the API takes for an email source. */
export function emailSource(d: EmailDraft): {
  settings: Record<string, unknown>;
  credentials: Record<string, string>;
} {
  const settings: Record<string, unknown> = {
    imapHost: d.imapHost.trim(),
    imapPort: Number(d.imapPort),
    imapTls: d.imapTls,
    imapUser: d.imapUser.trim(),
    mailbox: d.mailbox.trim() || "INBOX",
    smtpHost: d.smtpHost.trim(),
    smtpPort: Number(d.smtpPort),
    smtpTls: d.smtpTls,
    fromAddress: d.fromAddress.trim(),
  };
  if (d.smtpUser.trim()) settings.smtpUser = d.smtpUser.trim();
  if (d.fromName.trim()) settings.fromName = d.fromName.trim();
  if (d.sentMailbox.trim()) settings.sentMailbox = d.sentMailbox.trim();
  const credentials: Record<string, string> = {};
  if (d.imapPassword) credentials.imapPassword = d.imapPassword;
  if (d.smtpPassword) credentials.smtpPassword = d.smtpPassword;
  return { settings, credentials };
}

const TLS_WORDS = {
  tls: "TLS from the start",
  starttls: "STARTTLS",
  none: "None (this machine only)",
} as const;

const TLS_OPTIONS = (Object.keys(TLS_WORDS) as EmailDraft["imapTls"][]).map((k) => (
  <option key={k} value={k}>
    {TLS_WORDS[k]}
  </option>
));

export function EmailSourceFields(props: { draft: EmailDraft; onChange: (d: EmailDraft) => void }) {
  const { draft, onChange } = props;
  const set = <K extends keyof EmailDraft>(key: K, value: EmailDraft[K]) => {
    onChange({ ...draft, [key]: value });
  };
  return (
    <>
      <fieldset className="campaign-form__group">
        <legend>Incoming mail (IMAP)</legend>
        <div className="campaign-form__row">
          <label className="field">
            <span>IMAP server</span>
            <input
              required
              value={draft.imapHost}
              placeholder="imap.example.com"
              onChange={(e) => set("imapHost", e.target.value)}
            />
          </label>
          <label className="field">
            <span>Port</span>
            <input
              required
              type="number"
              min={1}
              max={65535}
              value={draft.imapPort}
              onChange={(e) => set("imapPort", e.target.value)}
            />
          </label>
          <label className="field">
            <span>Encryption</span>
            <select
              value={draft.imapTls}
              onChange={(e) => set("imapTls", e.target.value as EmailDraft["imapTls"])}
            >
              {TLS_OPTIONS}
            </select>
          </label>
        </div>
        <div className="campaign-form__row">
          <label className="field">
            <span>User</span>
            <input
              required
              autoComplete="off"
              value={draft.imapUser}
              onChange={(e) => set("imapUser", e.target.value)}
            />
          </label>
          <label className="field">
            <span>Password</span>
            <input
              required
              type="password"
              autoComplete="off"
              value={draft.imapPassword}
              onChange={(e) => set("imapPassword", e.target.value)}
            />
          </label>
          <label className="field">
            <span>Mailbox</span>
            <input value={draft.mailbox} onChange={(e) => set("mailbox", e.target.value)} />
          </label>
        </div>
      </fieldset>
      <fieldset className="campaign-form__group">
        <legend>Replies (SMTP)</legend>
        <div className="campaign-form__row">
          <label className="field">
            <span>SMTP server</span>
            <input
              required
              value={draft.smtpHost}
              placeholder="smtp.example.com"
              onChange={(e) => set("smtpHost", e.target.value)}
            />
          </label>
          <label className="field">
            <span>Port</span>
            <input
              required
              type="number"
              min={1}
              max={65535}
              value={draft.smtpPort}
              onChange={(e) => set("smtpPort", e.target.value)}
            />
          </label>
          <label className="field">
            <span>Encryption</span>
            <select
              value={draft.smtpTls}
              onChange={(e) => set("smtpTls", e.target.value as EmailDraft["smtpTls"])}
            >
              {TLS_OPTIONS}
            </select>
          </label>
        </div>
        <div className="campaign-form__row">
          <label className="field">
            <span>User (blank: the IMAP one)</span>
            <input
              autoComplete="off"
              value={draft.smtpUser}
              onChange={(e) => set("smtpUser", e.target.value)}
            />
          </label>
          <label className="field">
            <span>Password (blank: the IMAP one)</span>
            <input
              type="password"
              autoComplete="off"
              value={draft.smtpPassword}
              onChange={(e) => set("smtpPassword", e.target.value)}
            />
          </label>
        </div>
        <div className="campaign-form__row">
          <label className="field">
            <span>From address</span>
            <input
              required
              type="email"
              value={draft.fromAddress}
              placeholder="help@example.com"
              onChange={(e) => set("fromAddress", e.target.value)}
            />
          </label>
          <label className="field">
            <span>From name</span>
            <input
              value={draft.fromName}
              placeholder="Lumen Help"
              onChange={(e) => set("fromName", e.target.value)}
            />
          </label>
          <label className="field">
            <span>Keep sent replies in</span>
            <input value={draft.sentMailbox} onChange={(e) => set("sentMailbox", e.target.value)} />
          </label>
        </div>
      </fieldset>
      <ConnectionTest run={() => api.checkSource({ kind: "email", ...emailSource(draft) })} version={draft} />
    </>
  );
}

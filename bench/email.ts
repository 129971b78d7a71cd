/**
 * How fast mail becomes posts. First the MIME step alone (parsing, HTML to text, `normalizePost`)
 * on three shapes of message, per second of this process's CPU time (the machines are shared);
 * then whole pulls from Debian's Dovecot on 127.0.0.1 through the connector (IMAP fetch and
 * parsing, in batches as the runner asks), in wall-clock messages per second. Medians of 5 runs.
 *
 * Run: node bench/email.ts [messages]   (writes bench/results/email.json; needs dovecot-imapd)
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { createEmailConnector } from "../src/connectors/email/connector.ts";
import { readMessage } from "../src/connectors/email/message.ts";
import { emailSettings } from "../src/connectors/email/settings.ts";
import { ManualClock } from "../src/domain/clock.ts";
import { appendMail } from "../test/support/mail.ts";
import { startMailServers } from "../test/support/mailServers.ts";

const RUNS = 5;
const count = Number(process.argv[2] ?? 2000);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function head(n: number, type: string): string[] {
  return [
    `From: Customer ${n} <customer${n}@example.test>`,
    "To: Lumen Help <help@lumen.test>",
    `Subject: =?UTF-8?Q?Fatura_errada_n=C2=BA_${n}?=`,
    "Date: Mon, 30 Nov 2026 10:00:00 +0000",
    `Message-ID: <m${n}@example.test>`,
    `In-Reply-To: <r${n}@lumen.test>`,
    "MIME-Version: 1.0",
    type,
  ];
}

const paragraph =
  "My bill for November shows the roaming charge twice, although I was only abroad for one week. " +
  "Could you look at it and refund the second one? Thank you.";

/** A short plain text message, quoted-printable, with a quoted reply below. */
function plain(n: number): Buffer {
  return Buffer.from(
    [
      ...head(n, "Content-Type: text/plain; charset=utf-8"),
      "Content-Transfer-Encoding: quoted-printable",
      "",
      `${paragraph} Fatura n=C2=BA ${n}.`,
      "",
      "On Sun, Lumen Help wrote:",
      "> How can we help?",
      "",
    ].join("\r\n"),
  );
}

/** multipart/alternative with text and HTML, as most mail programs send. */
function alternative(n: number): Buffer {
  const html = `<html><head><style>p{margin:0}</style></head><body>${`<p>${paragraph} &amp; more</p>`.repeat(4)}</body></html>`;
  return Buffer.from(
    [
      ...head(n, 'Content-Type: multipart/alternative; boundary="alt"'),
      "",
      "--alt",
      "Content-Type: text/plain; charset=utf-8",
      "",
      `${paragraph}\n`.repeat(4),
      "--alt",
      "Content-Type: text/html; charset=utf-8",
      "Content-Transfer-Encoding: base64",
      "",
      Buffer.from(html).toString("base64").replace(/.{76}/g, "$&\r\n"),
      "--alt--",
      "",
    ].join("\r\n"),
  );
}

/** HTML only, with a 200 KB PDF attached (listed, not opened). */
function withAttachment(n: number): Buffer {
  const pdf = Buffer.alloc(200 * 1024, n % 251);
  return Buffer.from(
    [
      ...head(n, 'Content-Type: multipart/mixed; boundary="mix"'),
      "",
      "--mix",
      "Content-Type: text/html; charset=utf-8",
      "",
      `<p>${paragraph}</p><script>track()</script>`,
      "--mix",
      'Content-Type: application/pdf; name="invoice.pdf"',
      'Content-Disposition: attachment; filename="invoice.pdf"',
      "Content-Transfer-Encoding: base64",
      "",
      pdf.toString("base64").replace(/.{76}/g, "$&\r\n"),
      "--mix--",
      "",
    ].join("\r\n"),
  );
}

async function parseRate(make: (n: number) => Buffer, n: number) {
  const messages = Array.from({ length: n }, (_, i) => make(i));
  const origin = { mailbox: "INBOX", uidValidity: "1", uid: 1 };
  const options = { brandAddress: "help@lumen.test", now: Date.now() };
  const rates: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const cpu = process.cpuUsage();
    for (const m of messages) await readMessage(m, origin, options);
    const used = process.cpuUsage(cpu);
    rates.push(n / ((used.user + used.system) / 1e6));
  }
  return { messages_per_cpu_s: Math.round(median(rates)), bytes: messages[0]!.length };
}

const results: Record<string, unknown> = {
  machine: "shared 2-core machine",
  runs: RUNS,
  parse_plain: await parseRate(plain, count),
  parse_alternative: await parseRate(alternative, count),
  parse_html_with_200kb_attachment: await parseRate(withAttachment, Math.max(50, Math.floor(count / 10))),
};

// Whole pulls from Dovecot: a mailbox of `count` alternative messages, read from the start.
const login = { user: "bench", password: "bench-pass", address: "help@lumen.test" };
const servers = await startMailServers({ mailboxes: [login], smtp: false });
try {
  const all = Array.from({ length: count }, (_, i) => alternative(i));
  for (let i = 0; i < all.length; i += 200) await appendMail(servers, login, all.slice(i, i + 200));
  const settings = emailSettings.parse({
    imapHost: "127.0.0.1",
    imapPort: servers.imapPort,
    imapTls: "none",
    imapUser: login.user,
    smtpHost: "127.0.0.1",
    smtpTls: "none",
    fromAddress: login.address,
  });
  const clock = new ManualClock(Date.now());
  const rates: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const connector = createEmailConnector(
      {
        id: "b",
        workspaceId: "w",
        kind: "email",
        name: "bench",
        settings,
        credentials: { imapPassword: login.password },
      },
      { idleWaitMs: 1 },
    );
    const started = performance.now();
    let cursor: string | null = null;
    let read = 0;
    while (read < count) {
      const batch = await connector.pull(cursor, { clock, signal: new AbortController().signal });
      read += batch.posts.length;
      cursor = batch.cursor ?? cursor;
    }
    rates.push(count / ((performance.now() - started) / 1000));
    await connector.close?.();
  }
  results.imap_pull = { messages: count, messages_per_s: Math.round(median(rates)) };
} finally {
  await servers.stop();
}

console.log(JSON.stringify(results, null, 2));
mkdirSync(new URL("./results/", import.meta.url), { recursive: true });
writeFileSync(new URL("./results/email.json", import.meta.url), `${JSON.stringify(results, null, 2)}\n`);

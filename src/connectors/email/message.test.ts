import { describe, expect, it } from "vitest";
import { checkStructure, MalformedMessage, messageIds, messageToPost, readMessage } from "./message.ts";

const origin = { mailbox: "INBOX", uidValidity: "7", uid: 3 };
const options = { brandAddress: "help@lumen.test", now: Date.parse("2026-12-01T00:00:00Z") };
const crlf = (lines: string[]) => Buffer.from(lines.join("\r\n"), "latin1");

const head = (extra: string[] = []) => [
  "From: =?UTF-8?Q?Ana_L=C3=ADma?= <Ana@Example.test>",
  "To: help@lumen.test",
  "Subject: =?UTF-8?B?Q29icmFuw6dhIGVycmFkYQ==?=",
  "Date: Mon, 30 Nov 2026 10:00:00 +0000",
  "Message-ID: <m1@example.test>",
  "MIME-Version: 1.0",
  ...extra,
];

describe("email messages to posts", () => {
  it("reads the text part of a multipart/alternative message, the author and the encoded subject", async () => {
    const raw = crlf([
      ...head(['Content-Type: multipart/alternative; boundary="b1"']),
      "",
      "--b1",
      "Content-Type: text/plain; charset=utf-8",
      "Content-Transfer-Encoding: base64",
      "",
      Buffer.from("Minha fatura está errada.\nPor favor ajudem.", "utf8").toString("base64"),
      "--b1",
      "Content-Type: text/html; charset=utf-8",
      "",
      "<p>HTML version</p>",
      "--b1--",
      "",
    ]);
    const { post, subject } = await readMessage(raw, origin, options);
    expect(subject).toBe("Cobrança errada");
    expect(post.text).toBe("Cobrança errada\n\nMinha fatura está errada.\nPor favor ajudem.");
    expect(post).toMatchObject({
      platform: "email",
      platformId: "m1@example.test",
      channel: "private",
      author: { platformId: "ana@example.test", handle: "ana@example.test", name: "Ana Líma" },
      createdAt: new Date("2026-11-30T10:00:00Z"),
    });
    expect(post.author.isBrand).toBeUndefined();
  });

  it("decodes quoted-printable in a declared character set", async () => {
    const raw = crlf([
      ...head([
        "Content-Type: text/plain; charset=iso-8859-1",
        "Content-Transfer-Encoding: quoted-printable",
      ]),
      "",
      "Le caf=E9 =E9tait froid, et la facture =3D 12 =80.=",
      " Merci.",
      "",
    ]);
    const { post } = await readMessage(raw, origin, options);
    // The label is read as mail programs and browsers read it, as windows-1252: 0x80 is the euro.
    expect(post.text).toBe("Cobrança errada\n\nLe café était froid, et la facture = 12 €. Merci.");
  });

  it("makes hostile HTML plain text: no script or style text, entities decoded once", async () => {
    const raw = crlf([
      ...head(["Content-Type: text/html; charset=utf-8"]),
      "",
      "<html><head><style>body{color:red}</style><script>alert('x')</script></head>",
      '<body><p onclick="steal()">Fish &amp; chips &amp;lt;b&amp;gt; &#x1F600;</p>',
      "<img src=x onerror=alert(1)><iframe src='javascript:alert(2)'></iframe><div>Second line</div></body></html>",
      "",
    ]);
    const { post } = await readMessage(raw, origin, options);
    expect(post.text).toBe("Cobrança errada\n\nFish & chips &lt;b&gt; 😀\nSecond line");
    expect(post.text).not.toMatch(/alert|color:red|steal|onerror/);
  });

  it("lists attachments by name, type and size without reading them", async () => {
    const pdf = Buffer.from("%PDF-1.4 pretend", "latin1");
    const raw = crlf([
      ...head(['Content-Type: multipart/mixed; boundary="mix"']),
      "",
      "--mix",
      "Content-Type: text/plain; charset=utf-8",
      "",
      "Invoice attached.",
      "--mix",
      'Content-Type: application/pdf; name="../../invoice\u0007.pdf"',
      'Content-Disposition: attachment; filename="../../invoice\u0007.pdf"',
      "Content-Transfer-Encoding: base64",
      "",
      pdf.toString("base64"),
      "--mix",
      'Content-Type: application/x-sh; name="run.sh"',
      "Content-Disposition: attachment",
      "",
      "rm -rf / # never run",
      "--mix--",
      "",
    ]);
    const read = await readMessage(raw, origin, options);
    expect(read.attachments).toEqual([
      { name: "invoice .pdf", type: "application/pdf", size: pdf.length },
      { name: "run.sh", type: "application/x-sh", size: 20 },
    ]);
    expect(read.post.text).toBe(
      "Cobrança errada\n\nInvoice attached.\n\nAttachment: invoice .pdf (application/pdf, 16 B)\nAttachment: run.sh (application/x-sh, 20 B)",
    );
    expect((read.post.raw as { attachments: unknown[] }).attachments).toHaveLength(2);
  });

  it("threads by In-Reply-To, else by the last of References", async () => {
    const withBoth = crlf([
      ...head([
        "In-Reply-To: <parent@lumen.test>",
        "References: <root@example.test>",
        " <parent@lumen.test>",
      ]),
      "",
      "Thanks!",
      "",
    ]);
    expect((await readMessage(withBoth, origin, options)).post.replyToPlatformId).toBe("parent@lumen.test");
    const refsOnly = crlf([...head(["References: <root@example.test> <mid@lumen.test>"]), "", "Hi", ""]);
    const read = await readMessage(refsOnly, origin, options);
    expect(read.post.replyToPlatformId).toBe("mid@lumen.test");
    expect(read.references).toEqual(["root@example.test", "mid@lumen.test"]);
  });

  it("drops the quoted message at the end of a reply", async () => {
    const raw = crlf([
      ...head(),
      "",
      "Still broken.",
      "",
      "On Mon, 30 Nov 2026, Lumen Help wrote:",
      "> We fixed it.",
      "> Regards",
      "",
    ]);
    expect((await readMessage(raw, origin, options)).post.text).toBe("Cobrança errada\n\nStill broken.");
  });

  it("names a message without a Message-ID by its content, the same each time", async () => {
    const raw = crlf(["From: ana@example.test", "Subject: hi", "", "No id here", ""]);
    const a = await readMessage(raw, origin, options);
    const b = await readMessage(raw, { ...origin, uid: 99 }, options);
    expect(a.post.platformId).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(b.post.platformId).toBe(a.post.platformId);
  });

  it("marks mail from the brand's own address as the brand's", async () => {
    const raw = crlf(["From: Lumen <HELP@lumen.test>", "Message-ID: <r1@lumen.test>", "", "Reply", ""]);
    expect((await readMessage(raw, origin, options)).post.author.isBrand).toBe(true);
  });

  it("keeps the arrival time when the Date is far in the future", async () => {
    const internalDate = new Date("2026-11-30T12:00:00Z");
    const raw = crlf(["From: a@example.test", "Date: Fri, 1 Jan 2100 00:00:00 +0000", "", "x", ""]);
    expect((await readMessage(raw, { ...origin, internalDate }, options)).post.createdAt).toEqual(
      internalDate,
    );
  });

  it("rejects broken structure with malformed_payload", async () => {
    const cases: [Buffer, RegExp][] = [
      [crlf(["From: a@example.test", "not a header line", "", "x"]), /Header line 2 is not a header/],
      [crlf(["From: a@example.test", "Content-Type: multipart/mixed", "", "x"]), /without a boundary/],
      [
        crlf(["From: a@example.test", 'Content-Type: multipart/mixed; boundary="zz"', "", "x"]),
        /never occurs/,
      ],
      [crlf([" folded first", "From: a@example.test", "", "x"]), /folded line/],
      [crlf(["Subject: no sender", "", "x"]), /no From address/],
      [crlf(["From: undisclosed", "", "x"]), /no From address/],
    ];
    for (const [raw, reason] of cases) {
      const read = await messageToPost(raw, origin, options);
      expect(read).toMatchObject({ reject: { code: "malformed_payload" } });
      expect((read as { reject: { reason: string } }).reject.reason).toMatch(reason);
    }
    expect(() => checkStructure(crlf(["From: a@example.test", "", "ok"]))).not.toThrow();
    expect(() => checkStructure(crlf(["bad"]))).toThrow(MalformedMessage);
  });

  it("finds Message-IDs in header values", () => {
    expect(messageIds("<a@x> <b@y>\r\n <c@z>")).toEqual(["a@x", "b@y", "c@z"]);
    expect(messageIds("a@x")).toEqual(["a@x"]);
    expect(messageIds(undefined)).toEqual([]);
    expect(messageIds([`<${"l".repeat(300)}@x>`])[0]).toMatch(/^sha256:/);
  });
});

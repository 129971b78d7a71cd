/**
 * A CRM's CSV export imported over HTTP on both stores: mapped columns, bad rows reported with
 * line and code while the good ones are kept, and a re-import that updates instead of duplicating.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { appBackends, type TestApp, testApp } from "../../test/support/app.ts";

const MAP = [
  "externalId=Customer ID",
  "name=Full Name",
  "emails=E-mail",
  "phones=Phone",
  "handle:x=Twitter",
  "tier=Segment",
  "consent:publicReply=Public OK",
  "custom:plan=Plan",
].join(",");

const FILE = [
  "Customer ID,Full Name,E-mail,Phone,Twitter,Segment,Public OK,Plan",
  "C1,Ada Okafor,ada@example.com;ada.o@work.example,+44 7700 900123,@ada_o,gold,yes,unlimited",
  "C2,Bo Lind,not-an-email,,,standard,yes,basic",
  ',"Nameless, No Id",x@example.com,,,standard,yes,basic',
  "C3,Cy Park,cy@example.com,,,platinum,yes,basic",
  "C4,Di Moss,di@example.com,,@di,vip,no,family",
  "",
].join("\n");

describe.each(appBackends)("importing customers on $name", ({ postgres }) => {
  let t: TestApp;
  let admin: string;

  beforeEach(async () => {
    t = await testApp({ postgres });
    admin = (await t.signIn("admin")).cookie;
  });
  afterEach(async () => {
    await t.close();
  });

  const upload = (body: string, map = MAP, cookie = admin) =>
    t.app.inject({
      method: "POST",
      url: `/api/customers/import?map=${encodeURIComponent(map)}`,
      headers: { cookie, "content-type": "text/csv" },
      payload: body,
    });

  it("keeps the good rows, reports each bad one by line and code, and updates on re-import", async () => {
    const first = await upload(FILE);
    expect(first.statusCode, first.body).toBe(200);
    const report = first.json();
    expect(report).toMatchObject({ rows: 5, created: 2, updated: 0, rejected: 3, moreErrors: 0 });
    expect(report.errors.map((e: { line: number; code: string }) => [e.line, e.code])).toEqual([
      [3, "validation_failed"],
      [4, "customer_external_id_missing"],
      [5, "validation_failed"],
    ]);
    expect(report.errors[0].message).toContain("not-an-email");
    expect(report.errors[2].message).toContain("platinum");

    const list = (
      await t.app.inject({ method: "GET", url: "/api/customers", headers: { cookie: admin } })
    ).json();
    const ada = list.items.find((c: { externalId: string }) => c.externalId === "C1");
    expect(ada).toMatchObject({
      name: "Ada Okafor",
      emails: ["ada@example.com", "ada.o@work.example"],
      phones: ["+447700900123"],
      handles: { x: ["ada_o"] },
      tier: "gold",
      customFields: { plan: "unlimited" },
    });
    const di = list.items.find((c: { externalId: string }) => c.externalId === "C4");
    expect(di.consent).toEqual({ publicReply: false, privateContact: true, survey: true });

    // The CRM fixed a row and changed another: same ids, updated in place.
    const second = await upload(
      [
        "Customer ID,Full Name,E-mail,Phone,Twitter,Segment,Public OK,Plan",
        "C1,Ada Okafor-Lind,ada@example.com,,@ada_o,vip,yes,unlimited",
        "C2,Bo Lind,bo@example.com,,,standard,yes,basic",
      ].join("\n"),
    );
    expect(second.json()).toMatchObject({ rows: 2, created: 1, updated: 1, rejected: 0 });
    const after = (
      await t.app.inject({ method: "GET", url: "/api/customers?limit=200", headers: { cookie: admin } })
    ).json();
    expect(after.items).toHaveLength(3);
    expect(after.items.find((c: { externalId: string }) => c.externalId === "C1")).toMatchObject({
      name: "Ada Okafor-Lind",
      tier: "vip",
      emails: ["ada@example.com"],
    });
    // The old address no longer finds her: the lookup keys follow the record.
    const old = (
      await t.app.inject({
        method: "GET",
        url: "/api/customers?q=ada.o%40work.example",
        headers: { cookie: admin },
      })
    ).json();
    expect(old.items).toEqual([]);
  });

  it("refuses a mapping without the external id, or naming a column the file lacks, importing nothing", async () => {
    const noId = await upload(FILE, "name=Full Name");
    expect(noId.json().error.code).toBe("customer_mapping_invalid");
    const missing = await upload(FILE, "externalId=Customer ID,emails=Email Address");
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error).toMatchObject({ code: "customer_mapping_invalid" });
    expect(missing.json().error.message).toContain("Email Address");
    const unknown = await upload(FILE, "externalId=Customer ID,shoe=Plan");
    expect(unknown.json().error.code).toBe("customer_mapping_invalid");
    const list = (
      await t.app.inject({ method: "GET", url: "/api/customers", headers: { cookie: admin } })
    ).json();
    expect(list.items).toEqual([]);
  });

  it("is for admins", async () => {
    const agent = (await t.signIn("agent")).cookie;
    expect((await upload(FILE, MAP, agent)).statusCode).toBe(403);
  });
});

/** Templates, approvals and surveys over HTTP, end to end through the jobs and the demo source. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { appBackends, type TestApp, testApp } from "../../test/support/app.ts";
import { makePost } from "../../test/support/factories.ts";
import { ManualClock } from "../domain/clock.ts";
import type { NormalizedPost } from "../domain/post.ts";
import { startWorker } from "../jobs/runner.ts";
import { sql } from "../store/orm.ts";

const DAY = 24 * 60 * 60_000;
const ENGAGEMENT_JOBS = new Set(["reply.send", "survey.schedule", "survey.invite", "survey.read_answers"]);

describe.each(appBackends)("templates, approvals and surveys on $name", ({ postgres }) => {
  let t: TestApp;
  let clock: ManualClock;
  let agent: { cookie: string; userId: string };
  let supervisor: { cookie: string; userId: string };
  let sourceId: string;
  let n = 0;

  beforeEach(async () => {
    clock = new ManualClock(Date.UTC(2026, 10, 30, 10, 0, 0));
    t = await testApp({ postgres, core: { clock } });
    agent = await t.signIn("agent");
    supervisor = await t.signIn("supervisor");
    const source = await t.core.store.sources.create(t.workspaceId, {
      kind: "demo",
      name: "Demo",
      config: { seed: 1, ratePerSecond: 0, backlog: 0 },
      credentials: null,
    });
    sourceId = source.id;
  });
  afterEach(async () => {
    await t.close();
  });

  const call = (
    method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE",
    url: string,
    cookie: string,
    payload?: unknown,
  ) =>
    t.app.inject({
      method,
      url,
      headers: { cookie },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });

  async function arrive(overrides: Partial<NormalizedPost> = {}, imported = false) {
    n += 1;
    const post = makePost({
      platform: "demo",
      author: {
        platform: "demo",
        platformId: `c${n}`,
        handle: `customer${n}`,
        name: "Ana Lima",
        followers: 50,
      },
      text: "@lumenhelp my phone has had no signal since this morning, please help",
      createdAt: new Date(clock.now()),
      ...overrides,
    });
    await t.core.pipeline.submit(t.workspaceId, [post], {
      requireMatch: false,
      ...(imported ? {} : { sourceId }),
    });
    const items = await t.core.store.views.workItems(t.workspaceId, { limit: 50 });
    const item = items.find((i) => i.post.platformId === post.platformId);
    return { item, post };
  }

  async function workItem(overrides: Partial<NormalizedPost> = {}, imported = false) {
    const { item, post } = await arrive(overrides, imported);
    if (!item) throw new Error("the post opened no work item");
    expect((await call("POST", `/api/work-items/${item.id}/claim`, agent.cookie)).statusCode).toBe(200);
    return { id: item.id, post };
  }

  /** Relays the outbox and runs the due jobs of replies and surveys until none is left. */
  async function work(): Promise<number> {
    let total = 0;
    for (let round = 0; round < 5; round++) {
      await t.core.relay.flush();
      const worker = startWorker({
        store: t.core.store,
        clock,
        definitions: t.core.jobs.filter((j) => ENGAGEMENT_JOBS.has(j.name)),
        pollMs: 0,
        concurrency: 1,
        random: () => 0.5,
      });
      const ran = await worker.tick();
      await worker.stop();
      total += ran;
      if (ran === 0) break;
    }
    await t.core.relay.flush();
    return total;
  }

  /** `reply.send` jobs ever enqueued (done ones are kept until the daily prune). */
  const sendJobs = async () =>
    Number(
      (
        await t.core.database.rows<{ n: number | string }>(
          sql`select count(*) as n from jobs where name = 'reply.send'`,
        )
      )[0]?.n ?? 0,
    );

  const replies = async (id: string) =>
    (await call("GET", `/api/work-items/${id}/replies`, agent.cookie)).json().items as {
      id: string;
      status: string;
      text: string;
      author: unknown;
      approval: { rules: string[]; rejectReason: string | null } | null;
    }[];

  describe("templates", () => {
    it("are managed by supervisors, audited, and refused with an unknown variable", async () => {
      const bad = await call("POST", "/api/templates", supervisor.cookie, {
        name: "Bad",
        versions: [{ language: "en", text: "Hi {{first_name}}" }],
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.code).toBe("template_variable_unknown");
      expect(
        (await call("POST", "/api/templates", agent.cookie, { name: "x", versions: [] })).statusCode,
      ).toBe(403);

      const made = await call("POST", "/api/templates", supervisor.cookie, {
        name: "Order delay",
        versions: [
          {
            language: "en",
            text: "Hi {{customer_name}}, order {{order_number}} ships tomorrow. {{agent_name}}, {{brand_name}}",
          },
          {
            language: "es",
            text: "Hola {{customer_name}}, el pedido {{order_number}} sale mañana. {{agent_name}}",
          },
        ],
      });
      expect(made.statusCode).toBe(201);
      expect(made.json().variables).toEqual(["customer_name", "order_number", "agent_name", "brand_name"]);
      const again = await call("POST", "/api/templates", supervisor.cookie, {
        name: "Order delay",
        versions: [{ language: "en", text: "x" }],
      });
      expect(again.json().error.code).toBe("conflict");

      const id = made.json().id;
      const renamed = await call("PATCH", `/api/templates/${id}`, supervisor.cookie, { name: "Late order" });
      expect(renamed.json()).toMatchObject({ name: "Late order", versions: made.json().versions });
      expect((await call("DELETE", `/api/templates/${id}`, supervisor.cookie)).statusCode).toBe(204);
      expect((await call("GET", "/api/templates", agent.cookie)).json().items).toEqual([]);
      const audit = await call("GET", "/api/audit", (await t.signIn("admin")).cookie);
      const actions = audit.json().items.map((e: { action: string }) => e.action);
      expect(actions).toEqual(
        expect.arrayContaining(["template.create", "template.update", "template.delete"]),
      );
    });

    it("are offered in the post's language first and rendered with the item's values, never with a gap", async () => {
      for (const [name, versions] of [
        ["Apology", [{ language: "en", text: "Sorry {{customer_name}}!" }]],
        [
          "Order",
          [
            {
              language: "en",
              text: "Order {{order_number}} is on its way, {{customer_name}}. {{agent_name}}",
            },
            {
              language: "pt",
              text: "O pedido {{order_number}} está a caminho, {{customer_name}}. {{agent_name}}",
            },
          ],
        ],
      ] as const) {
        expect((await call("POST", "/api/templates", supervisor.cookie, { name, versions })).statusCode).toBe(
          201,
        );
      }
      const item = await workItem({
        text: "@lumenhelp meu pedido ainda não chegou, já faz duas semanas que estou esperando",
        language: "pt",
        author: {
          platform: "demo",
          platformId: "px",
          handle: "joana",
          name: "Joana <b>Silva</b>\n{{agent_name}}",
        },
      });
      const offered = (await call("GET", `/api/work-items/${item.id}/templates`, agent.cookie)).json();
      expect(offered.language).toBe("pt");
      expect(offered.items.map((i: { name: string }) => i.name)).toEqual(["Order", "Apology"]);
      expect(offered.items[0]).toMatchObject({ preferred: { language: "pt" }, askFor: ["order_number"] });
      const orderId = offered.items[0].id;

      const missing = await call(
        "POST",
        `/api/work-items/${item.id}/templates/${orderId}/render`,
        agent.cookie,
        {
          values: {},
        },
      );
      expect(missing.statusCode).toBe(400);
      expect(missing.json().error).toMatchObject({
        code: "template_variable_missing",
        details: { missing: ["order_number"] },
      });

      const rendered = await call(
        "POST",
        `/api/work-items/${item.id}/templates/${orderId}/render`,
        agent.cookie,
        {
          values: { order_number: "A-77" },
        },
      );
      const agentName = (await t.core.store.users.get(t.workspaceId, agent.userId))!.name;
      expect(rendered.json()).toEqual({
        language: "pt",
        text: `O pedido A-77 está a caminho, Joana <b>Silva</b> {{agent_name}}. ${agentName}`,
      });
      const english = await call(
        "POST",
        `/api/work-items/${item.id}/templates/${orderId}/render`,
        agent.cookie,
        {
          language: "en",
          values: { order_number: "A-77" },
        },
      );
      expect(english.json().text).toMatch(/^Order A-77 is on its way/);

      // A template's text pasted with a gap is refused at send, not sent raw.
      const raw = await call("POST", `/api/work-items/${item.id}/replies`, agent.cookie, {
        text: "Order {{order_number}} is on its way",
        channel: "public",
      });
      expect(raw.statusCode).toBe(400);
      expect(raw.json().error.code).toBe("reply_unfilled_variable");
      expect(await replies(item.id)).toEqual([]);
    });
  });

  describe("approvals", () => {
    async function traineeRule() {
      const made = await call("POST", "/api/approval-rules", supervisor.cookie, {
        name: "Trainees",
        conditions: [{ kind: "trainee" }],
      });
      expect(made.statusCode).toBe(201);
      expect(
        (await call("PUT", `/api/users/${agent.userId}/trainee`, supervisor.cookie, { trainee: true }))
          .statusCode,
      ).toBe(204);
    }

    it("holds a trainee's reply, sends nothing until a supervisor approves, then sends it once", async () => {
      await traineeRule();
      const item = await workItem();
      const sent = await call("POST", `/api/work-items/${item.id}/replies`, agent.cookie, {
        text: "We are on it",
        channel: "public",
      });
      expect(sent.statusCode).toBe(202);
      expect(sent.json()).toMatchObject({ status: "awaiting_approval", approval: { rules: ["Trainees"] } });
      await work();
      expect(await sendJobs()).toBe(0);
      expect((await replies(item.id))[0]!.status).toBe("awaiting_approval");

      const waiting = (await call("GET", "/api/approvals", supervisor.cookie)).json().items;
      expect(waiting).toHaveLength(1);
      expect(waiting[0]).toMatchObject({ reply: { id: sent.json().id }, workItem: { id: item.id } });
      expect((await call("GET", "/api/approvals", agent.cookie)).statusCode).toBe(403);

      const approved = await call("POST", `/api/replies/${sent.json().id}/approve`, supervisor.cookie, {
        text: "We are on it, sorry for the wait",
      });
      expect(approved.json()).toMatchObject({ status: "queued", text: "We are on it, sorry for the wait" });
      const twice = await call("POST", `/api/replies/${sent.json().id}/approve`, supervisor.cookie, {});
      expect(twice.statusCode).toBe(409);
      expect(twice.json().error.code).toBe("reply_not_awaiting_approval");

      await work();
      expect(await sendJobs()).toBe(1);
      const [reply] = await replies(item.id);
      expect(reply).toMatchObject({ status: "sent", text: "We are on it, sorry for the wait" });
      const view = await t.core.store.views.workItem(t.workspaceId, item.id);
      const posts = await t.core.store.views.conversationPosts(t.workspaceId, view!.conversationId);
      expect(posts.filter((p) => p.author.isBrand).map((p) => p.text)).toEqual([
        "We are on it, sorry for the wait",
      ]);
      expect((await call("GET", "/api/approvals", supervisor.cookie)).json().items).toEqual([]);

      const audit = (await call("GET", "/api/audit", (await t.signIn("admin")).cookie)).json().items;
      expect(audit.map((e: { action: string }) => e.action)).toEqual(
        expect.arrayContaining([
          "approval_rule.create",
          "user.trainee_on",
          "reply.awaiting_approval",
          "reply.edit_approve",
        ]),
      );
    });

    it("lets exactly one of two decisions made at once count, and sends the reply once", async () => {
      await traineeRule();
      const item = await workItem();
      const held = await call("POST", `/api/work-items/${item.id}/replies`, agent.cookie, {
        text: "We are on it",
        channel: "public",
      });
      const other = await t.signIn("supervisor");
      const decisions = await Promise.all([
        call("POST", `/api/replies/${held.json().id}/approve`, supervisor.cookie, {}),
        call("POST", `/api/replies/${held.json().id}/approve`, other.cookie, {}),
        call("POST", `/api/replies/${held.json().id}/reject`, other.cookie, { reason: "Too casual" }),
      ]);
      expect(decisions.map((d) => d.statusCode).sort()).toEqual([200, 409, 409]);
      await work();
      const [reply] = await replies(item.id);
      const won = decisions.find((d) => d.statusCode === 200)!.json();
      expect(reply!.status).toBe(won.status === "queued" ? "sent" : "rejected");
      expect(await sendJobs()).toBe(won.status === "queued" ? 1 : 0);
    });

    it("rejects with a reason the agent sees, and never sends the reply", async () => {
      await call("POST", "/api/approval-rules", supervisor.cookie, {
        name: "Refunds in public",
        conditions: [
          { kind: "channel", channel: "public" },
          { kind: "words", words: ["refund"] },
        ],
      });
      const item = await workItem();
      const plain = await call("POST", `/api/work-items/${item.id}/replies`, agent.cookie, {
        text: "Looking into it",
        channel: "public",
      });
      expect(plain.json().status).toBe("queued");
      const risky = await call("POST", `/api/work-items/${item.id}/replies`, agent.cookie, {
        text: "You will get a full Refund",
        channel: "public",
      });
      expect(risky.json().status).toBe("awaiting_approval");
      const noReason = await call("POST", `/api/replies/${risky.json().id}/reject`, supervisor.cookie, {
        reason: " ",
      });
      expect(noReason.json().error.code).toBe("reject_reason_required");
      const rejected = await call("POST", `/api/replies/${risky.json().id}/reject`, supervisor.cookie, {
        reason: "Refunds are promised by billing only",
      });
      expect(rejected.json()).toMatchObject({
        status: "rejected",
        approval: { rejectReason: "Refunds are promised by billing only" },
      });
      expect(
        (await call("POST", `/api/replies/${risky.json().id}/approve`, supervisor.cookie, {})).statusCode,
      ).toBe(409);
      await work();
      const list = await replies(item.id);
      expect(list.map((r) => [r.text, r.status])).toEqual([
        ["Looking into it", "sent"],
        ["You will get a full Refund", "rejected"],
      ]);
      expect(list[1]!.approval?.rejectReason).toBe("Refunds are promised by billing only");
    });

    it("refuses a rule with no conditions or an unknown kind, changing nothing", async () => {
      for (const conditions of [[], [{ kind: "moon_phase" }], [{ kind: "min_followers", value: -1 }]]) {
        const res = await call("POST", "/api/approval-rules", supervisor.cookie, { name: "x", conditions });
        expect(res.statusCode).toBe(400);
      }
      expect((await call("GET", "/api/approval-rules", supervisor.cookie)).json().items).toEqual([]);
    });
  });

  describe("surveys", () => {
    /** The item resolved by the agent, the invitation's timer run; the invitation sent. */
    async function resolveAndInvite(item: { id: string }) {
      expect((await call("POST", `/api/work-items/${item.id}/resolve`, agent.cookie)).statusCode).toBe(200);
      await work();
      clock.advance(5 * 60_000 + 1000);
      await work();
      return replies(item.id);
    }

    it("invites after the resolve in the post's language, reads the answer and reports it per agent", async () => {
      const item = await workItem({
        language: "es",
        text: "@lumenhelp no tengo señal desde esta mañana, ayuda por favor",
      });
      const list = await resolveAndInvite(item);
      expect(list).toHaveLength(1);
      expect(list[0]).toMatchObject({ status: "sent", author: null });
      expect(list[0]!.text).toMatch(/^Gracias por hablar con Lumen/);

      const invitation = (await t.core.store.replies.get(t.workspaceId, list[0]!.id))!;
      await arrive({
        author: item.post.author,
        text: "@lumenhelp ⭐⭐⭐⭐⭐ gracias",
        replyToPlatformId: invitation.platformId!,
        createdAt: new Date(clock.now()),
      });
      await work();
      const survey = await t.core.store.engagement.surveys.forWorkItem(t.workspaceId, item.id);
      expect(survey).toMatchObject({ status: "answered", score: 5, agentUserId: agent.userId });

      const scores = (await call("GET", "/api/surveys/scores", supervisor.cookie)).json();
      expect(scores.invited).toBe(1);
      expect(scores.overall).toEqual({ answers: 1, average: 5, distribution: [0, 0, 0, 0, 1] });
      expect(scores.byAgent).toEqual([
        {
          agent: { id: agent.userId, name: expect.any(String) },
          answers: 1,
          average: 5,
          distribution: [0, 0, 0, 0, 1],
        },
      ]);
      expect(scores.byPeriod.map((p: { start: string }) => p.start)).toEqual(["2026-11-30T00:00:00.000Z"]);
      // The answer needed nothing more: no open item waits for an agent.
      const open = await t.core.store.views.workItems(t.workspaceId, { limit: 50 });
      expect(open.filter((i) => i.state === "new" || i.state === "reserved")).toEqual([]);
    });

    it("leaves an answer that is not a rating to triage, and does not ask the same person again within the set days", async () => {
      const first = await workItem();
      const [invitation] = await resolveAndInvite(first);
      const { item: followUp } = await arrive({
        author: first.post.author,
        text: "@lumenhelp the signal dropped again after 3 hours, still broken",
        replyToPlatformId: (await t.core.store.replies.get(t.workspaceId, invitation!.id))!.platformId!,
        createdAt: new Date(clock.now()),
      });
      await work();
      expect(await t.core.store.engagement.surveys.forWorkItem(t.workspaceId, first.id)).toMatchObject({
        status: "invited",
        score: null,
      });
      // Written soon after the resolve, the follow-up reopens the same item for an agent.
      expect(followUp).toMatchObject({ id: first.id, state: "new" });

      // Another thread of theirs resolved ten days later: no second invitation within 30 days.
      const another = await workItem({
        author: first.post.author,
        text: "@lumenhelp and now the app will not open at all",
      });
      await call("POST", `/api/work-items/${another.id}/claim`, agent.cookie);
      clock.advance(10 * DAY);
      const second = await resolveAndInvite(another);
      expect(second).toEqual([]);

      // With a 7-day setting, the same person is asked again.
      const saved = await call("PUT", "/api/surveys/settings", supervisor.cookie, {
        enabled: true,
        delayMs: 60_000,
        cooldownDays: 7,
      });
      expect(saved.json()).toEqual({ enabled: true, delayMs: 60_000, cooldownDays: 7 });
      const third = await workItem({
        author: first.post.author,
        text: "@lumenhelp my bill is wrong this month, help",
      });
      const invited = await resolveAndInvite(third);
      expect(invited.map((r) => r.author)).toEqual([null]);
    });

    it("does not invite where the reply path cannot answer, or when surveys are off", async () => {
      const imported = await workItem({}, true);
      expect(await resolveAndInvite(imported)).toEqual([]);
      expect(await t.core.store.engagement.surveys.forWorkItem(t.workspaceId, imported.id)).toBeNull();

      await call("PUT", "/api/surveys/settings", supervisor.cookie, {
        enabled: false,
        delayMs: 0,
        cooldownDays: 30,
      });
      const off = await workItem();
      expect(await resolveAndInvite(off)).toEqual([]);
      expect(await t.core.store.engagement.surveys.forWorkItem(t.workspaceId, off.id)).toBeNull();
    });

    it("does not invite a person whose linked customer declined surveys", async () => {
      const item = await workItem();
      const customer = await t.core.store.customers.create(t.workspaceId, {
        externalId: "crm-42",
        name: "Dana",
        emails: [],
        phones: [],
        handles: {},
        orders: [],
        location: null,
        tier: "standard",
        language: null,
        consent: { publicReply: true, privateContact: true, survey: false },
        customFields: {},
      });
      const author = await t.core.store.customers.authorByPlatformId(
        t.workspaceId,
        item.post.platform,
        item.post.author.platformId,
      );
      await t.core.store.customers.confirmPair(
        t.workspaceId,
        { customerId: customer.id, authorId: author!.id },
        supervisor.userId,
        new Date(clock.now()),
      );
      expect(await resolveAndInvite(item)).toEqual([]);
      expect(await t.core.store.engagement.surveys.forWorkItem(t.workspaceId, item.id)).toBeNull();
    });

    it("refuses a report whose span is reversed", async () => {
      const res = await call(
        "GET",
        "/api/surveys/scores?from=2026-11-30T00:00:00.000Z&to=2026-11-01T00:00:00.000Z",
        supervisor.cookie,
      );
      expect(res.statusCode).toBe(400);
    });
  });
});

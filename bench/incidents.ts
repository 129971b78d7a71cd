/**
 * Answering an incident: N open items answered at once (the request that takes the answer, then
 * the `incidents.answer` job's work: render, reply through the normal path with its checks,
 * record the reply on the incident, resolve), against
 * the baseline of the same work done item by item with `replies.create` and `workItems.act`, in
 * the same process on the embedded store (a file). Prints both, their items per second and the
 * ratio; three rounds, medians.
 *
 * Run: node bench/incidents.ts [items]   (writes bench/results/incidents.json)
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openCore } from "../src/core.ts";
import { DEMO_USER, ensureDemoSource, ensureDemoWorkspace } from "../src/services/demo.ts";
import { makeAnalysis, makePost } from "../test/support/factories.ts";

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function benchIncidents(items = 200, rounds = 3) {
  const dir = mkdtempSync(join(tmpdir(), "parley-incidents-"));
  const core = await openCore({ data: dir });
  try {
    const workspaceId = (await ensureDemoWorkspace(core.store))!;
    const sourceId = await ensureDemoSource(core.store, workspaceId, { ratePerSecond: 0, backlog: 0 });
    const { principal } = await core.services.auth.signIn(DEMO_USER.email, DEMO_USER.password);
    let made = 0;
    const openItems = async () => {
      const result = await core.store.ingest(
        workspaceId,
        Array.from({ length: items }, () => {
          made += 1;
          return {
            post: makePost({
              platform: "demo",
              text: `@lumenhelp the network is down again (${made})`,
              author: { platform: "demo", platformId: `c${made}`, handle: `customer${made}`, followers: 1 },
            }),
            analysis: makeAnalysis(),
            campaignIds: [],
          };
        }),
        sourceId,
      );
      return result.workItems.map((w) => w.id);
    };
    const text = "Hi {{customer_name}}, the outage is known and being fixed. {{agent_name}}";
    const accepted: number[] = [];
    const answered: number[] = [];
    const oneByOne: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const ids = await openItems();
      const incident = await core.store.incidents.create(
        {
          workspaceId,
          ruleId: null,
          alertId: null,
          dimension: "topic",
          key: "network",
          title: "Bench",
          summary: "",
        },
        new Date(),
      );
      await core.store.incidents.addItems(incident.id, ids, new Date());
      let t = performance.now();
      await core.services.incidents.answer(principal, incident.id, { text });
      accepted.push(performance.now() - t);
      // What the `incidents.answer` job does, called as it calls it.
      await core.services.incidents.carryOut(workspaceId, incident.id);
      answered.push(performance.now() - t);
      const done = await core.services.incidents.get(principal, incident.id);
      if (done.counts.replied !== items || done.state !== "answered")
        throw new Error(`answered ${done.counts.replied} of ${items} (${done.state})`);

      const plain = await openItems();
      t = performance.now();
      for (const id of plain) {
        await core.services.replies.create(principal, id, {
          text: "Hi, the outage is known and being fixed.",
          channel: "public",
        });
        await core.services.workItems.act(principal, id, "resolve");
      }
      oneByOne.push(performance.now() - t);
    }
    const result = {
      items,
      rounds,
      // The request: the answer taken and its job enqueued.
      incident_answer_accept_ms: +median(accepted).toFixed(1),
      // The request and the job's whole run.
      incident_answer_ms: Math.round(median(answered)),
      incident_answer_items_per_s: Math.round(items / (median(answered) / 1000)),
      one_by_one_ms: Math.round(median(oneByOne)),
      ratio_to_one_by_one: +(median(answered) / median(oneByOne)).toFixed(2),
    };
    console.log(JSON.stringify(result, null, 2));
    return result;
  } finally {
    await core.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await benchIncidents(Number(process.argv[2] ?? 200));
  mkdirSync(new URL("./results/", import.meta.url), { recursive: true });
  writeFileSync(new URL("./results/incidents.json", import.meta.url), `${JSON.stringify(result, null, 2)}\n`);
}

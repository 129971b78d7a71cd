/**
 * What surveys cost: reading answers (`parseSurveyAnswer`) on a mix of ratings and ordinary posts,
 * and the check every stored batch gets (`survey.read_answers`: one query for the batch's posts
 * against the waiting invitations) on the embedded store on disk, with 2,000 invitations waiting
 * and batches of 500 posts none of which answers one. Medians of five runs.
 *
 * Run: node bench/surveys.ts
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openCore } from "../src/core.ts";
import type { NormalizedPost } from "../src/domain/post.ts";
import { parseSurveyAnswer } from "../src/domain/surveyAnswer.ts";
import { surveyService } from "../src/services/surveys.ts";

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const SAMPLES = [
  "5",
  "4/5",
  "★★★★☆",
  "⭐⭐⭐",
  "😍",
  "Excelente, gracias",
  "Très bien, merci",
  "sehr gut",
  "I waited 3 hours for this",
  "my phone still has no signal since this morning, can someone call me back please",
  "not good",
  "@lumenhelp the bill is wrong again, I was charged twice for the same month",
];

function benchParse(runs = 5, calls = 200_000) {
  const rates: number[] = [];
  let sink = 0;
  for (let r = 0; r < runs; r++) {
    const started = performance.now();
    for (let i = 0; i < calls; i++) sink += parseSurveyAnswer(SAMPLES[i % SAMPLES.length]!) ?? 0;
    rates.push(calls / ((performance.now() - started) / 1000));
  }
  if (sink < 0) console.log(sink);
  return Math.round(median(rates));
}

const post = (i: number, tag: string): NormalizedPost => ({
  platform: "demo",
  platformId: `bench-survey-${tag}-${i}`,
  text: `@lumenhelp my router keeps dropping the connection (${tag} ${i})`,
  createdAt: new Date(),
  author: { platform: "demo", platformId: `${tag}${i}`, handle: `${tag}${i}` },
  channel: "public",
  mentions: ["lumenhelp"],
  hashtags: [],
  raw: {},
});

export async function benchSurveys() {
  const survey_parse_per_s = benchParse();
  const dir = mkdtempSync(join(tmpdir(), "parley-surveys-"));
  const core = await openCore({ data: dir });
  try {
    const workspace = await core.store.workspaces.create({ name: "Bench", brandHandles: ["lumenhelp"] });
    const invited = Array.from({ length: 2000 }, (_, i) => post(i, "invited"));
    await core.pipeline.submit(workspace.id, invited, { requireMatch: false });
    const items = await core.store.views.workItems(workspace.id, { limit: 2100 });
    await core.store.transaction(async (tx) => {
      for (const item of items) {
        await tx.engagement.surveys.create({
          workspaceId: workspace.id,
          workItemId: item.id,
          conversationId: item.conversationId,
          authorId: item.post.author.id,
          agentUserId: null,
          queue: null,
          replyId: null,
          invitedAt: new Date(Date.now() - 60_000),
        });
      }
    });
    const surveys = surveyService(core.store, core.bus, core.clock);
    const waiting = items.length;
    const sizes: number[] = [];
    const times: number[] = [];
    for (let run = 0; run < 5; run++) {
      const batch = Array.from({ length: 500 }, (_, i) => post(i, `batch${run}-`));
      await core.pipeline.submit(workspace.id, batch, { requireMatch: false });
      const ids = (await core.store.views.workItems(workspace.id, { limit: 5000 }))
        .filter((i) => i.post.platformId.startsWith(`bench-survey-batch${run}-`))
        .map((i) => i.post.id);
      sizes.push(ids.length);
      const started = performance.now();
      const recorded = await surveys.readAnswers(workspace.id, ids);
      times.push(performance.now() - started);
      if (recorded !== 0) throw new Error("a post that answers nothing was read as an answer");
    }
    return {
      survey_parse_per_s,
      survey_check_per_batch_ms: Math.round(median(times) * 100) / 100,
      survey_check_runs_ms: times.map((t) => Math.round(t * 100) / 100),
      survey_check_waiting: waiting,
      survey_check_batch_posts: median(sizes),
    };
  } finally {
    await core.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await benchSurveys(), null, 2));
}

ALTER TABLE "posts" ADD COLUMN "rolled_up" text;--> statement-breakpoint
CREATE INDEX "posts_author_idx" ON "posts" USING btree ("author_id","posted_at");--> statement-breakpoint
-- Posts stored more than an hour before the upgrade were counted by the rollups under their
-- model labels; newer ones are left for the rollup job, which counts each not yet marked.
UPDATE "posts" SET "rolled_up" = json_build_array("intent", "sentiment", "topic")::text
  WHERE "direction" <> 'from_brand' AND "created_at" < now() - interval '1 hour';

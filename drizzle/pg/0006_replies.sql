ALTER TABLE "conversations" ADD COLUMN "source_id" uuid;--> statement-breakpoint
ALTER TABLE "replies" ADD COLUMN "source_id" uuid;--> statement-breakpoint
ALTER TABLE "replies" ADD COLUMN "url" text;--> statement-breakpoint
CREATE INDEX "replies_work_item_idx" ON "replies" USING btree ("work_item_id","created_at");
ALTER TABLE "posts" ADD COLUMN "fingerprint" text;--> statement-breakpoint
ALTER TABLE "posts" ADD COLUMN "original_platform_id" text;--> statement-breakpoint
ALTER TABLE "posts" ADD COLUMN "original_relation" text;--> statement-breakpoint
CREATE INDEX "posts_fingerprint_idx" ON "posts" USING btree ("workspace_id","platform","fingerprint","posted_at") WHERE fingerprint is not null;
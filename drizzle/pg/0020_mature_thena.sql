ALTER TABLE "routing_settings" ADD COLUMN "reopen_window_ms" bigint DEFAULT 604800000 NOT NULL;--> statement-breakpoint
ALTER TABLE "work_items" ADD COLUMN "previous_item_id" uuid;--> statement-breakpoint
CREATE INDEX "work_items_conversation_idx" ON "work_items" USING btree ("conversation_id","closed_at");
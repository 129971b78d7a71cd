ALTER TABLE `routing_settings` ADD `reopen_window_ms` integer DEFAULT 604800000 NOT NULL;--> statement-breakpoint
ALTER TABLE `work_items` ADD `previous_item_id` text;--> statement-breakpoint
CREATE INDEX `work_items_conversation_idx` ON `work_items` (`conversation_id`,`closed_at`);
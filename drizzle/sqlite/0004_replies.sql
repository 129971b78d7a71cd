ALTER TABLE `conversations` ADD `source_id` text;--> statement-breakpoint
ALTER TABLE `replies` ADD `source_id` text;--> statement-breakpoint
ALTER TABLE `replies` ADD `url` text;--> statement-breakpoint
CREATE INDEX `replies_work_item_idx` ON `replies` (`work_item_id`,`created_at`);
CREATE TABLE `work_item_history` (
	`event_id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`work_item_id` text NOT NULL,
	`seq` integer NOT NULL,
	`at` integer NOT NULL,
	`kind` text NOT NULL,
	`actor_user_id` text,
	`agent_user_id` text,
	`queue_id` text,
	`detail` text DEFAULT '{}' NOT NULL,
	FOREIGN KEY (`work_item_id`) REFERENCES `work_items`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `work_item_history_item_idx` ON `work_item_history` (`work_item_id`,`seq`);
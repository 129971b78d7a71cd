CREATE TABLE `link_confirmations` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`customer_id` text NOT NULL,
	`author_id` text NOT NULL,
	`token_hash` text NOT NULL,
	`reply_id` text,
	`requested_by` text,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`author_id`) REFERENCES `authors`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`requested_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `link_confirmations_token_key` ON `link_confirmations` (`token_hash`);--> statement-breakpoint
CREATE INDEX `link_confirmations_reply_idx` ON `link_confirmations` (`reply_id`);--> statement-breakpoint
CREATE INDEX `link_confirmations_author_idx` ON `link_confirmations` (`author_id`);--> statement-breakpoint
CREATE TABLE `notes` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`work_item_id` text NOT NULL,
	`conversation_id` text NOT NULL,
	`author_user_id` text,
	`text` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`work_item_id`) REFERENCES `work_items`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`author_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `notes_work_item_idx` ON `notes` (`work_item_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `notes_conversation_idx` ON `notes` (`conversation_id`,`created_at`);--> statement-breakpoint
ALTER TABLE `identity_links` ADD `linked_by` text;--> statement-breakpoint
CREATE INDEX `identity_links_status_idx` ON `identity_links` (`workspace_id`,`status`);
CREATE TABLE `approval_rules` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`name` text NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`conditions` text DEFAULT '[]' NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `approval_rules_workspace_idx` ON `approval_rules` (`workspace_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `engagement_settings` (
	`workspace_id` text PRIMARY KEY NOT NULL,
	`survey_enabled` integer DEFAULT true NOT NULL,
	`survey_delay_ms` integer DEFAULT 300000 NOT NULL,
	`survey_cooldown_days` integer DEFAULT 30 NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `reply_templates` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`name` text NOT NULL,
	`versions` text DEFAULT '[]' NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `reply_templates_name_key` ON `reply_templates` (`workspace_id`,`name`);--> statement-breakpoint
CREATE TABLE `surveys` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`work_item_id` text,
	`conversation_id` text NOT NULL,
	`author_id` text NOT NULL,
	`agent_user_id` text,
	`queue` text,
	`reply_id` text,
	`status` text NOT NULL,
	`score` integer,
	`answer_post_id` text,
	`invited_at` integer NOT NULL,
	`answered_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`work_item_id`) REFERENCES `work_items`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`conversation_id`) REFERENCES `conversations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`agent_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`reply_id`) REFERENCES `replies`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `surveys_work_item_key` ON `surveys` (`work_item_id`);--> statement-breakpoint
CREATE INDEX `surveys_author_idx` ON `surveys` (`workspace_id`,`author_id`,`invited_at`);--> statement-breakpoint
CREATE INDEX `surveys_conversation_idx` ON `surveys` (`conversation_id`,`status`);--> statement-breakpoint
CREATE INDEX `surveys_answered_idx` ON `surveys` (`workspace_id`,`answered_at`);--> statement-breakpoint
ALTER TABLE `users` ADD `trainee` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `replies` ADD `approval_rules` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `replies` ADD `decided_by_user_id` text;--> statement-breakpoint
ALTER TABLE `replies` ADD `decided_at` integer;--> statement-breakpoint
ALTER TABLE `replies` ADD `reject_reason` text;
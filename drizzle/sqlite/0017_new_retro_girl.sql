CREATE TABLE `incident_items` (
	`id` text PRIMARY KEY NOT NULL,
	`incident_id` text NOT NULL,
	`work_item_id` text NOT NULL,
	`added_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`reply_id` text,
	`outcome` text,
	`error` text,
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `incident_items_item_key` ON `incident_items` (`incident_id`,`work_item_id`);--> statement-breakpoint
CREATE INDEX `incident_items_work_item_idx` ON `incident_items` (`work_item_id`);--> statement-breakpoint
CREATE TABLE `incidents` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`rule_id` text,
	`alert_id` text,
	`dimension` text NOT NULL,
	`key` text NOT NULL,
	`title` text NOT NULL,
	`summary` text NOT NULL,
	`state` text DEFAULT 'open' NOT NULL,
	`answer_text` text,
	`answered_by_user_id` text,
	`answered_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `incidents_workspace_idx` ON `incidents` (`workspace_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `incidents_open_idx` ON `incidents` (`workspace_id`,`rule_id`,`key`,`state`);
CREATE TABLE `insight_applied_events` (
	`event_id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`applied_at` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `insight_rollups` (
	`workspace_id` text NOT NULL,
	`scope` text NOT NULL,
	`dimension` text NOT NULL,
	`grain` text NOT NULL,
	`start` integer NOT NULL,
	`key` text NOT NULL,
	`posts` integer NOT NULL,
	`authors` integer NOT NULL,
	`sketch` text NOT NULL,
	PRIMARY KEY(`workspace_id`, `scope`, `dimension`, `grain`, `start`, `key`),
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);

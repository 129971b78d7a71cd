CREATE TABLE `sla_calendars` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`name` text NOT NULL,
	`time_zone` text NOT NULL,
	`hours` text DEFAULT '[]' NOT NULL,
	`holidays` text DEFAULT '[]' NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sla_calendars_name_key` ON `sla_calendars` (`workspace_id`,`name`);--> statement-breakpoint
CREATE TABLE `sla_policies` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`name` text NOT NULL,
	`position` integer NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`conditions` text DEFAULT '[]' NOT NULL,
	`first_response_ms` integer,
	`next_response_ms` integer,
	`resolution_ms` integer,
	`warn_before_ms` integer DEFAULT 0 NOT NULL,
	`calendar_id` text,
	`escalations` text DEFAULT '[]' NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`calendar_id`) REFERENCES `sla_calendars`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sla_policies_name_key` ON `sla_policies` (`workspace_id`,`name`);--> statement-breakpoint
CREATE INDEX `sla_policies_workspace_idx` ON `sla_policies` (`workspace_id`,`position`);--> statement-breakpoint
CREATE TABLE `work_item_slas` (
	`work_item_id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`policy_id` text,
	`facts` text DEFAULT '[]' NOT NULL,
	`status` text DEFAULT 'running' NOT NULL,
	`state` text DEFAULT 'on_time' NOT NULL,
	`breached` integer DEFAULT false NOT NULL,
	`due_at` integer,
	`due_target` text,
	`remaining_ms` integer,
	`escalated` text DEFAULT '[]' NOT NULL,
	`opened_at` integer NOT NULL,
	`closed_at` integer,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`work_item_id`) REFERENCES `work_items`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`policy_id`) REFERENCES `sla_policies`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `work_item_slas_due_idx` ON `work_item_slas` (`workspace_id`,`due_at`);--> statement-breakpoint
CREATE INDEX `work_item_slas_opened_idx` ON `work_item_slas` (`workspace_id`,`opened_at`);
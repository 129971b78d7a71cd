CREATE TABLE `customer_keys` (
	`workspace_id` text NOT NULL,
	`kind` text NOT NULL,
	`value` text NOT NULL,
	`customer_id` text NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `customer_keys_key` ON `customer_keys` (`workspace_id`,`kind`,`value`,`customer_id`);--> statement-breakpoint
CREATE INDEX `customer_keys_customer_idx` ON `customer_keys` (`customer_id`);--> statement-breakpoint
CREATE TABLE `retention_daily` (
	`workspace_id` text NOT NULL,
	`day` text NOT NULL,
	`platform` text NOT NULL,
	`sentiment` text NOT NULL,
	`intent` text NOT NULL,
	`posts` integer NOT NULL,
	PRIMARY KEY(`workspace_id`, `day`, `platform`, `sentiment`, `intent`),
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `retention_policies` (
	`workspace_id` text PRIMARY KEY NOT NULL,
	`max_age_days` integer,
	`mode` text DEFAULT 'anonymise' NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `retention_runs` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`mode` text NOT NULL,
	`cutoff` integer NOT NULL,
	`posts` integer NOT NULL,
	`conversations` integer NOT NULL,
	`work_items` integer NOT NULL,
	`replies` integer NOT NULL,
	`authors` integer NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `retention_runs_workspace_idx` ON `retention_runs` (`workspace_id`,`created_at`);--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_customers` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`external_id` text,
	`name` text,
	`emails` text DEFAULT '[]' NOT NULL,
	`phones` text DEFAULT '[]' NOT NULL,
	`handles` text DEFAULT '{}' NOT NULL,
	`orders` text DEFAULT '[]' NOT NULL,
	`location` text,
	`tier` text DEFAULT 'standard' NOT NULL,
	`language` text,
	`consent` text DEFAULT '{"publicReply":true,"privateContact":true,"survey":true}' NOT NULL,
	`custom_fields` text DEFAULT '{}' NOT NULL,
	`merged_into` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
INSERT INTO `__new_customers`("id", "workspace_id", "external_id", "name", "consent", "created_at") SELECT "id", "workspace_id", "external_id", "name", "consent", "created_at" FROM `customers`;--> statement-breakpoint
DROP TABLE `customers`;--> statement-breakpoint
ALTER TABLE `__new_customers` RENAME TO `customers`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `customers_external_key` ON `customers` (`workspace_id`,`external_id`) WHERE external_id is not null;--> statement-breakpoint
CREATE INDEX `customers_name_idx` ON `customers` (`workspace_id`,`name`);--> statement-breakpoint
ALTER TABLE `identity_links` ADD `decided_by` text REFERENCES users(id) ON DELETE SET NULL;--> statement-breakpoint
ALTER TABLE `identity_links` ADD `decided_at` integer;--> statement-breakpoint
ALTER TABLE `identity_links` ADD `merged_from` text;--> statement-breakpoint
CREATE INDEX `identity_links_author_idx` ON `identity_links` (`author_id`);
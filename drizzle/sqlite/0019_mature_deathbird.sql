ALTER TABLE `posts` ADD `fingerprint` text;--> statement-breakpoint
ALTER TABLE `posts` ADD `original_platform_id` text;--> statement-breakpoint
ALTER TABLE `posts` ADD `original_relation` text;--> statement-breakpoint
CREATE INDEX `posts_fingerprint_idx` ON `posts` (`workspace_id`,`platform`,`fingerprint`,`posted_at`) WHERE fingerprint is not null;
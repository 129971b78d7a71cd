CREATE INDEX `work_items_waiting_idx` ON `work_items` (`queue`,"priority" desc,`queued_at`,`id`) WHERE state = 'new' and offered_to is null and queue is not null;--> statement-breakpoint
CREATE INDEX `work_items_offered_idx` ON `work_items` (`offered_to`) WHERE offered_to is not null;--> statement-breakpoint
CREATE INDEX `work_items_held_idx` ON `work_items` (`assignee_id`) WHERE state = 'reserved';--> statement-breakpoint
CREATE INDEX `work_items_declined_idx` ON `work_items` (`workspace_id`) WHERE state = 'new' and offered_to is null and json_array_length(declined_by) > 0;
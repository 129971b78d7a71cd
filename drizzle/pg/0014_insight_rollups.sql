CREATE TABLE "insight_applied_events" (
	"event_id" text PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"applied_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "insight_rollups" (
	"workspace_id" uuid NOT NULL,
	"scope" text NOT NULL,
	"dimension" text NOT NULL,
	"grain" text NOT NULL,
	"start" timestamp (3) with time zone NOT NULL,
	"key" text NOT NULL,
	"posts" integer NOT NULL,
	"authors" integer NOT NULL,
	"sketch" text NOT NULL,
	CONSTRAINT "insight_rollups_workspace_id_scope_dimension_grain_start_key_pk" PRIMARY KEY("workspace_id","scope","dimension","grain","start","key")
);
--> statement-breakpoint
ALTER TABLE "insight_applied_events" ADD CONSTRAINT "insight_applied_events_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insight_rollups" ADD CONSTRAINT "insight_rollups_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;
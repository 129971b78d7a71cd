CREATE TABLE "customer_keys" (
	"workspace_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"value" text NOT NULL,
	"customer_id" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "retention_daily" (
	"workspace_id" uuid NOT NULL,
	"day" text NOT NULL,
	"platform" text NOT NULL,
	"sentiment" text NOT NULL,
	"intent" text NOT NULL,
	"posts" integer NOT NULL,
	CONSTRAINT "retention_daily_workspace_id_day_platform_sentiment_intent_pk" PRIMARY KEY("workspace_id","day","platform","sentiment","intent")
);
--> statement-breakpoint
CREATE TABLE "retention_policies" (
	"workspace_id" uuid PRIMARY KEY NOT NULL,
	"max_age_days" integer,
	"mode" text DEFAULT 'anonymise' NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "retention_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"mode" text NOT NULL,
	"cutoff" timestamp (3) with time zone NOT NULL,
	"posts" integer NOT NULL,
	"conversations" integer NOT NULL,
	"work_items" integer NOT NULL,
	"replies" integer NOT NULL,
	"authors" integer NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
DROP INDEX "customers_external_idx";--> statement-breakpoint
ALTER TABLE "customers" ALTER COLUMN "consent" SET DEFAULT '{"publicReply":true,"privateContact":true,"survey":true}'::jsonb;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "emails" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "phones" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "handles" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "orders" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "location" text;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "tier" text DEFAULT 'standard' NOT NULL;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "language" text;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "custom_fields" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "merged_into" uuid;--> statement-breakpoint
ALTER TABLE "identity_links" ADD COLUMN "decided_by" uuid;--> statement-breakpoint
ALTER TABLE "identity_links" ADD COLUMN "decided_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "identity_links" ADD COLUMN "merged_from" uuid;--> statement-breakpoint
ALTER TABLE "customer_keys" ADD CONSTRAINT "customer_keys_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_keys" ADD CONSTRAINT "customer_keys_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "retention_daily" ADD CONSTRAINT "retention_daily_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "retention_policies" ADD CONSTRAINT "retention_policies_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "retention_runs" ADD CONSTRAINT "retention_runs_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "customer_keys_key" ON "customer_keys" USING btree ("workspace_id","kind","value","customer_id");--> statement-breakpoint
CREATE INDEX "customer_keys_customer_idx" ON "customer_keys" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "retention_runs_workspace_idx" ON "retention_runs" USING btree ("workspace_id","created_at");--> statement-breakpoint
ALTER TABLE "identity_links" ADD CONSTRAINT "identity_links_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "customers_external_key" ON "customers" USING btree ("workspace_id","external_id") WHERE external_id is not null;--> statement-breakpoint
CREATE INDEX "customers_name_idx" ON "customers" USING btree ("workspace_id","name");--> statement-breakpoint
CREATE INDEX "identity_links_author_idx" ON "identity_links" USING btree ("author_id");--> statement-breakpoint
ALTER TABLE "customers" DROP COLUMN "email";--> statement-breakpoint
ALTER TABLE "customers" DROP COLUMN "phone";--> statement-breakpoint
ALTER TABLE "customers" DROP COLUMN "value";--> statement-breakpoint
ALTER TABLE "customers" DROP COLUMN "vip";
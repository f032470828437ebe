CREATE TABLE "form_drafts" (
	"id" text PRIMARY KEY NOT NULL,
	"guild_id" text NOT NULL,
	"user_id" text NOT NULL,
	"form" text NOT NULL,
	"fields" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "digest_runs" ADD COLUMN "kind" text DEFAULT 'scheduled' NOT NULL;--> statement-breakpoint
CREATE INDEX "form_drafts_member_idx" ON "form_drafts" USING btree ("guild_id","user_id","form");--> statement-breakpoint
CREATE INDEX "form_drafts_guild_expires_idx" ON "form_drafts" USING btree ("guild_id","expires_at");
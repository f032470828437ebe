CREATE TABLE "audit_log" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit_log_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"guild_id" text NOT NULL,
	"actor_id" text NOT NULL,
	"action" text NOT NULL,
	"target_type" text,
	"target_id" text,
	"reason" text,
	"before" jsonb,
	"after" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "challenge_helped" (
	"guild_id" text NOT NULL,
	"challenge_id" bigint NOT NULL,
	"user_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "challenge_helped_challenge_id_user_id_pk" PRIMARY KEY("challenge_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "challenges" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "challenges_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"guild_id" text NOT NULL,
	"author_id" text NOT NULL,
	"project_id" bigint,
	"title" text NOT NULL,
	"problem" text NOT NULL,
	"solution" text,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"solved_at" timestamp with time zone,
	"channel_id" text,
	"message_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"removed_at" timestamp with time zone,
	"removed_reason" text,
	"search" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A') || setweight(to_tsvector('english'::regconfig, coalesce(problem, '')), 'B') || setweight(to_tsvector('english'::regconfig, coalesce(solution, '')), 'C')) STORED
);
--> statement-breakpoint
CREATE TABLE "digest_runs" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "digest_runs_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"guild_id" text NOT NULL,
	"period_start" timestamp with time zone NOT NULL,
	"period_end" timestamp with time zone NOT NULL,
	"status" text NOT NULL,
	"claimed_by" text,
	"lease_until" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"channel_id" text,
	"message_ids" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"posted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "guild_settings" (
	"guild_id" text PRIMARY KEY NOT NULL,
	"nexus_channel_id" text,
	"digest_channel_id" text,
	"digest_cron" text DEFAULT '0 9 * * 1' NOT NULL,
	"timezone" text DEFAULT 'UTC' NOT NULL,
	"digest_enabled" boolean DEFAULT true NOT NULL,
	"quiet_week_note" boolean DEFAULT true NOT NULL,
	"public_challenges" boolean DEFAULT true NOT NULL,
	"max_active_projects" integer DEFAULT 3 NOT NULL,
	"max_pending_requests" integer DEFAULT 5 NOT NULL,
	"seeking_expiry_days" integer DEFAULT 14 NOT NULL,
	"request_expiry_days" integer DEFAULT 7 NOT NULL,
	"cooling_off_days" integer DEFAULT 14 NOT NULL,
	"retention_days" integer DEFAULT 30 NOT NULL,
	"left_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "members" (
	"guild_id" text NOT NULL,
	"user_id" text NOT NULL,
	"display_name" text DEFAULT '' NOT NULL,
	"role" text,
	"stack" text[] DEFAULT '{}'::text[] NOT NULL,
	"timezone" text,
	"availability" text,
	"seeking" boolean DEFAULT false NOT NULL,
	"blocked_at" timestamp with time zone,
	"blocked_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "members_guild_id_user_id_pk" PRIMARY KEY("guild_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "pair_requests" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "pair_requests_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"guild_id" text NOT NULL,
	"requester_id" text NOT NULL,
	"addressee_id" text NOT NULL,
	"project_id" bigint,
	"message" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"responded_at" timestamp with time zone,
	"channel_id" text,
	"message_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"removed_at" timestamp with time zone,
	"removed_reason" text
);
--> statement-breakpoint
CREATE TABLE "pairs" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "pairs_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"guild_id" text NOT NULL,
	"user_a" text NOT NULL,
	"user_b" text NOT NULL,
	"project_id" bigint,
	"request_id" bigint,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ended_at" timestamp with time zone,
	"ended_by" text,
	"end_reason" text
);
--> statement-breakpoint
CREATE TABLE "processed_interactions" (
	"interaction_id" text PRIMARY KEY NOT NULL,
	"guild_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "projects" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "projects_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"guild_id" text NOT NULL,
	"owner_id" text NOT NULL,
	"name" text NOT NULL,
	"normalized_name" text NOT NULL,
	"track_id" bigint,
	"summary" text NOT NULL,
	"stack" text[] DEFAULT '{}'::text[] NOT NULL,
	"repo_url" text,
	"role" text,
	"seeking_role" text,
	"seeking_since" timestamp with time zone,
	"seeking_expires_at" timestamp with time zone,
	"status" text DEFAULT 'active' NOT NULL,
	"channel_id" text,
	"message_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"removed_at" timestamp with time zone,
	"removed_reason" text
);
--> statement-breakpoint
CREATE TABLE "takeaways" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "takeaways_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"guild_id" text NOT NULL,
	"author_id" text NOT NULL,
	"text" text NOT NULL,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"removed_at" timestamp with time zone,
	"removed_reason" text
);
--> statement-breakpoint
CREATE TABLE "tracks" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "tracks_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"guild_id" text NOT NULL,
	"name" text NOT NULL,
	"normalized_name" text NOT NULL,
	"description" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "audit_log_guild_created_idx" ON "audit_log" USING btree ("guild_id","created_at");--> statement-breakpoint
CREATE INDEX "challenge_helped_user_idx" ON "challenge_helped" USING btree ("guild_id","user_id");--> statement-breakpoint
CREATE INDEX "challenges_search_gin" ON "challenges" USING gin ("search");--> statement-breakpoint
CREATE INDEX "challenges_tags_gin" ON "challenges" USING gin ("tags");--> statement-breakpoint
CREATE INDEX "challenges_guild_created_idx" ON "challenges" USING btree ("guild_id","created_at");--> statement-breakpoint
CREATE INDEX "challenges_guild_solved_idx" ON "challenges" USING btree ("guild_id","solved_at");--> statement-breakpoint
CREATE INDEX "challenges_author_idx" ON "challenges" USING btree ("guild_id","author_id");--> statement-breakpoint
CREATE UNIQUE INDEX "digest_runs_guild_period_uq" ON "digest_runs" USING btree ("guild_id","period_start");--> statement-breakpoint
CREATE INDEX "pair_requests_requester_idx" ON "pair_requests" USING btree ("guild_id","requester_id","status");--> statement-breakpoint
CREATE INDEX "pair_requests_addressee_idx" ON "pair_requests" USING btree ("guild_id","addressee_id","status");--> statement-breakpoint
CREATE INDEX "pairs_user_a_idx" ON "pairs" USING btree ("guild_id","user_a");--> statement-breakpoint
CREATE INDEX "pairs_user_b_idx" ON "pairs" USING btree ("guild_id","user_b");--> statement-breakpoint
CREATE INDEX "pairs_guild_started_idx" ON "pairs" USING btree ("guild_id","started_at");--> statement-breakpoint
CREATE INDEX "processed_interactions_created_idx" ON "processed_interactions" USING btree ("created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "projects_owner_name_uq" ON "projects" USING btree ("guild_id","owner_id","normalized_name");--> statement-breakpoint
CREATE INDEX "projects_guild_name_idx" ON "projects" USING btree ("guild_id","normalized_name");--> statement-breakpoint
CREATE INDEX "projects_guild_created_idx" ON "projects" USING btree ("guild_id","created_at");--> statement-breakpoint
CREATE INDEX "projects_stack_gin" ON "projects" USING gin ("stack");--> statement-breakpoint
CREATE INDEX "takeaways_guild_created_idx" ON "takeaways" USING btree ("guild_id","created_at");--> statement-breakpoint
CREATE INDEX "takeaways_author_idx" ON "takeaways" USING btree ("guild_id","author_id");--> statement-breakpoint
CREATE UNIQUE INDEX "tracks_guild_name_uq" ON "tracks" USING btree ("guild_id","normalized_name");
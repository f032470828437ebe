CREATE TABLE "pair_checkins" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "pair_checkins_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"guild_id" text NOT NULL,
	"pair_id" bigint NOT NULL,
	"scheduled_at" timestamp with time zone NOT NULL,
	"status" text NOT NULL,
	"claimed_by" text,
	"lease_until" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"channel_id" text,
	"message_id" text,
	"posted_at" timestamp with time zone,
	"answer" text,
	"answered_by" text,
	"answered_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pair_ticks" (
	"guild_id" text NOT NULL,
	"pair_id" bigint NOT NULL,
	"item" text NOT NULL,
	"ticked_by" text NOT NULL,
	"ticked_at" timestamp with time zone NOT NULL,
	CONSTRAINT "pair_ticks_pair_id_item_pk" PRIMARY KEY("pair_id","item")
);
--> statement-breakpoint
ALTER TABLE "guild_settings" ADD COLUMN "checkin_cron" text DEFAULT '0 17 * * 4' NOT NULL;--> statement-breakpoint
ALTER TABLE "guild_settings" ADD COLUMN "checkins_enabled" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "pairs" ADD COLUMN "thread_id" text;--> statement-breakpoint
ALTER TABLE "pairs" ADD COLUMN "kickoff_message_id" text;--> statement-breakpoint
CREATE UNIQUE INDEX "pair_checkins_pair_scheduled_uq" ON "pair_checkins" USING btree ("pair_id","scheduled_at");--> statement-breakpoint
CREATE INDEX "pair_checkins_guild_answered_idx" ON "pair_checkins" USING btree ("guild_id","answer","answered_at");--> statement-breakpoint
CREATE INDEX "pair_ticks_guild_by_idx" ON "pair_ticks" USING btree ("guild_id","ticked_by");
CREATE TABLE "pair_ticks" (
	"guild_id" text NOT NULL,
	"pair_id" bigint NOT NULL,
	"item" text NOT NULL,
	"ticked_by" text NOT NULL,
	"ticked_at" timestamp with time zone NOT NULL,
	CONSTRAINT "pair_ticks_pair_id_item_pk" PRIMARY KEY("pair_id","item")
);
--> statement-breakpoint
ALTER TABLE "pairs" ADD COLUMN "thread_id" text;--> statement-breakpoint
ALTER TABLE "pairs" ADD COLUMN "kickoff_message_id" text;--> statement-breakpoint
CREATE INDEX "pair_ticks_guild_by_idx" ON "pair_ticks" USING btree ("guild_id","ticked_by");
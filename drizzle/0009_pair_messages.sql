ALTER TABLE "pairs" ADD COLUMN "channel_id" text;--> statement-breakpoint
ALTER TABLE "pairs" ADD COLUMN "message_id" text;
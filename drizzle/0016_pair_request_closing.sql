ALTER TABLE "pair_requests" ADD COLUMN "declined_by" text;--> statement-breakpoint
ALTER TABLE "pair_requests" ADD COLUMN "closed_by_pair_id" bigint;
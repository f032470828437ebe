ALTER TABLE "pair_requests" ADD COLUMN "proposed_by" text;--> statement-breakpoint
ALTER TABLE "pair_requests" ADD COLUMN "requester_accepted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "pair_requests" ADD COLUMN "addressee_accepted_at" timestamp with time zone;--> statement-breakpoint
CREATE UNIQUE INDEX "pair_requests_pending_pair_uq" ON "pair_requests" USING btree ("guild_id",least("requester_id", "addressee_id"),greatest("requester_id", "addressee_id")) WHERE status = 'pending' and removed_at is null;
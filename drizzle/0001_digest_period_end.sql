DROP INDEX "digest_runs_guild_period_uq";--> statement-breakpoint
CREATE UNIQUE INDEX "digest_runs_guild_period_end_uq" ON "digest_runs" USING btree ("guild_id","period_end");
DROP INDEX "projects_owner_name_uq";--> statement-breakpoint
CREATE UNIQUE INDEX "projects_owner_name_uq" ON "projects" USING btree ("guild_id","owner_id","normalized_name") WHERE removed_at is null;
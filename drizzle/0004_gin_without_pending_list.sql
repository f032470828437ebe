-- GIN indexes without the pending list (fastupdate): entries go straight into the index. With it, rows
-- inserted since the last VACUUM sit in an unindexed list every search must scan, and the embedded
-- database (PGlite) has no autovacuum to flush it: rare-word searches fell back to reading every row.
DROP INDEX "challenges_search_gin";--> statement-breakpoint
DROP INDEX "challenges_tags_gin";--> statement-breakpoint
DROP INDEX "projects_stack_gin";--> statement-breakpoint
CREATE INDEX "challenges_search_gin" ON "challenges" USING gin ("search") WITH (fastupdate=false);--> statement-breakpoint
CREATE INDEX "challenges_tags_gin" ON "challenges" USING gin ("tags") WITH (fastupdate=false);--> statement-breakpoint
CREATE INDEX "projects_stack_gin" ON "projects" USING gin ("stack") WITH (fastupdate=false);
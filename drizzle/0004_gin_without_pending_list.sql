DROP INDEX "challenges_search_gin";--> statement-breakpoint
DROP INDEX "challenges_tags_gin";--> statement-breakpoint
DROP INDEX "projects_stack_gin";--> statement-breakpoint
CREATE INDEX "challenges_search_gin" ON "challenges" USING gin ("search") WITH (fastupdate=false);--> statement-breakpoint
CREATE INDEX "challenges_tags_gin" ON "challenges" USING gin ("tags") WITH (fastupdate=false);--> statement-breakpoint
CREATE INDEX "projects_stack_gin" ON "projects" USING gin ("stack") WITH (fastupdate=false);
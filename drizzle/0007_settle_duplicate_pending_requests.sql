-- Before one pending request per pair of members can be unique (next migration): lapsed requests still
-- marked pending become expired, and of two or more live pending requests between the same two members
-- (either direction) only the oldest stays pending; the others are cancelled.
UPDATE "pair_requests" SET "status" = 'expired' WHERE "status" = 'pending' AND "expires_at" <= now();
--> statement-breakpoint
UPDATE "pair_requests" AS r SET "status" = 'cancelled', "responded_at" = now()
FROM (
  SELECT "id", row_number() OVER (
    PARTITION BY "guild_id", least("requester_id", "addressee_id"), greatest("requester_id", "addressee_id")
    ORDER BY "created_at", "id"
  ) AS n
  FROM "pair_requests"
  WHERE "status" = 'pending' AND "removed_at" IS NULL
) AS d
WHERE r."id" = d."id" AND d.n > 1;

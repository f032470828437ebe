CREATE TABLE "write_rates" (
	"guild_id" text NOT NULL,
	"user_id" text NOT NULL,
	"hits" timestamp with time zone[] DEFAULT '{}'::timestamptz[] NOT NULL,
	CONSTRAINT "write_rates_guild_id_user_id_pk" PRIMARY KEY("guild_id","user_id")
);

-- Custom SQL migration file, put your code below! --
-- pg_trgm (similar project names) and unaccent (names compared without accents); PGlite loads their files
-- at start (src/db/client.ts pgliteExtensions).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS unaccent;
--> statement-breakpoint
-- A project's (or track's) key, the one definition of "the same project however spelled": without accents,
-- lowercase, letters and digits only ("E-Commerce Platform", "ecommerce platform", "É commerce" →
-- "ecommerceplatform"). Immutable: unaccent is called with its dictionary named, in the schema the extension
-- lives in (found here, so that an extension installed elsewhere, e.g. a managed "extensions" schema, works).
-- A name with no letter or digit by the database's locale keeps its lowercase self (never one shared "").
DO $$
DECLARE s text;
BEGIN
  SELECT n.nspname INTO s FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'unaccent';
  EXECUTE format(
    $f$CREATE OR REPLACE FUNCTION nexus_project_key(name text) RETURNS text
      LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS %L$f$,
    format(
      $b$SELECT coalesce(nullif(regexp_replace(lower(%1$I.unaccent(%2$L::regdictionary, name)), '[^[:alnum:]]+', '', 'g'), ''), lower(%1$I.unaccent(%2$L::regdictionary, name)))$b$,
      s,
      quote_ident(s) || '.unaccent'
    )
  );
END $$;
--> statement-breakpoint
-- A challenge's tags as one text, for its search document. array_to_string is only STABLE because some
-- element types print according to settings; text elements do not, so this is truly immutable.
CREATE OR REPLACE FUNCTION nexus_tags_text(tags text[]) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT coalesce(array_to_string(tags, ' '), '') $$;
--> statement-breakpoint
-- Tracks whose names now fold to one key merge into the oldest; their projects follow it.
UPDATE projects p SET track_id = d.keep
FROM (SELECT id, min(id) OVER (PARTITION BY guild_id, nexus_project_key(name)) AS keep FROM tracks) d
WHERE p.track_id = d.id AND d.id <> d.keep;
--> statement-breakpoint
DELETE FROM tracks t
USING (SELECT id, min(id) OVER (PARTITION BY guild_id, nexus_project_key(name)) AS keep FROM tracks) d
WHERE t.id = d.id AND d.id <> d.keep;
--> statement-breakpoint
-- Keys are recomputed in two steps (a placeholder first), so that no row takes a key another row still
-- holds: unique indexes are checked row by row.
UPDATE tracks SET normalized_name = '#' || id;
--> statement-breakpoint
UPDATE tracks SET normalized_name = nexus_project_key(name);
--> statement-breakpoint
UPDATE projects SET normalized_name = '#' || id;
--> statement-breakpoint
-- One learner's projects that now fold to one key: the most recently updated keeps the key (announcing it
-- again updates that one); the others keep their data under a key no name can fold to ("key #id").
UPDATE projects p
SET normalized_name = CASE WHEN d.n = 1 OR p.removed_at IS NOT NULL THEN d.key ELSE d.key || ' #' || p.id END
FROM (
  SELECT id, nexus_project_key(name) AS key,
    row_number() OVER (
      PARTITION BY guild_id, owner_id, nexus_project_key(name), removed_at IS NULL ORDER BY updated_at DESC, id DESC
    ) AS n
  FROM projects
) d
WHERE p.id = d.id;
--> statement-breakpoint
-- Projects whose name now folds to a track's key join the track (as announcing them would).
UPDATE projects p SET track_id = t.id
FROM tracks t
WHERE t.guild_id = p.guild_id AND t.normalized_name = p.normalized_name AND p.track_id IS NULL;

-- Indexes no query uses: the marts read whole tables with hash joins, the importer's checks and upserts
-- go through primary keys, and staff and clients are never deleted row by row (a foreign key's index
-- only serves deletes of the referenced row). Each cost about a second per million rows at every
-- large import and a write per row at every delta.
DROP INDEX IF EXISTS episodes_client_idx;
DROP INDEX IF EXISTS episodes_facilitator_idx;
DROP INDEX IF EXISTS assignments_staff_idx;
-- episode_facts is derived one row per episode from episodes (whose key it is); nothing looks it up by it.
ALTER TABLE episode_facts DROP CONSTRAINT IF EXISTS episode_facts_pkey;

// Clients from staging into the warehouse: insert new ids, update changed
// ones, leave identical rows untouched.
import type { Client } from '../../sql/db.ts';

/** `intoEmpty`: the table holds no rows and no key (a first or --replace bulk load), so a plain INSERT does. */
export async function upsertClients(client: Client, runId: number, intoEmpty = false): Promise<number> {
  // Two joins instead of INSERT … ON CONFLICT DO UPDATE, which locks (and so rewrites) every stored row it meets.
  const updated = intoEmpty ? { rowCount: 0 } : await client.query(
    `
    -- A stored id is updated only when something changed, so an unchanged record keeps the run that last changed it.
    UPDATE clients c SET
      birth_date = s.birth_date, race_ethnicity = s.race_ethnicity, gender = s.gender,
      primary_language = s.primary_language, county = s.county, import_run_id = $1
    FROM stage_clients s
    WHERE s.client_id = c.client_id
      AND (c.birth_date, c.race_ethnicity, c.gender, c.primary_language, c.county)
          IS DISTINCT FROM (s.birth_date, s.race_ethnicity, s.gender, s.primary_language, s.county)`,
    [runId],
  );
  const inserted = await client.query(
    `
    -- New ids.
    INSERT INTO clients (client_id, birth_date, race_ethnicity, gender, primary_language, county, import_run_id)
    SELECT client_id, birth_date, race_ethnicity, gender, primary_language, county, $1
    FROM stage_clients s
    ${intoEmpty ? '' : 'WHERE NOT EXISTS (SELECT 1 FROM clients c WHERE c.client_id = s.client_id)'}`,
    [runId],
  );
  return updated.rowCount + inserted.rowCount;
}

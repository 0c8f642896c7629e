// Clients from staging into the warehouse: insert new ids, update changed
// ones, leave identical rows untouched.
import type { Client } from '../../sql/db.ts';

export async function upsertClients(client: Client, runId: number): Promise<number> {
  const { rowCount } = await client.query(
    `
    INSERT INTO clients (client_id, birth_date, race_ethnicity, gender, primary_language, county, import_run_id)
    SELECT client_id, birth_date, race_ethnicity, gender, primary_language, county, $1
    FROM stage_clients
    ON CONFLICT (client_id) DO UPDATE SET
      birth_date = excluded.birth_date, race_ethnicity = excluded.race_ethnicity, gender = excluded.gender,
      primary_language = excluded.primary_language, county = excluded.county, import_run_id = excluded.import_run_id
    -- Only a changed record is rewritten, so an unchanged one keeps the run that last changed it.
    WHERE (clients.birth_date, clients.race_ethnicity, clients.gender, clients.primary_language, clients.county)
      IS DISTINCT FROM (excluded.birth_date, excluded.race_ethnicity, excluded.gender, excluded.primary_language, excluded.county)`,
    [runId],
  );
  return rowCount;
}

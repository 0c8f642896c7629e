// Clients from staging into the warehouse: insert new ids, update changed
// ones, leave identical rows untouched.
import type { Client } from '../../sql/db.ts';

/** `intoEmpty`: the table holds no rows and no key (a first or --replace bulk load), so a plain INSERT does. */
export async function upsertClients(client: Client, runId: number, intoEmpty = false): Promise<number> {
  const { rowCount } = await client.query(
    `
    INSERT INTO clients (client_id, birth_date, race_ethnicity, gender, primary_language, county, import_run_id)
    SELECT client_id, birth_date, race_ethnicity, gender, primary_language, county, $1
    FROM stage_clients
    ${intoEmpty ? '' : onConflict}`,
    [runId],
  );
  return rowCount;
}

// A stored id is updated, and only when something changed, so an unchanged record keeps the run that last changed it.
const onConflict = `
    ON CONFLICT (client_id) DO UPDATE SET
      birth_date = excluded.birth_date, race_ethnicity = excluded.race_ethnicity, gender = excluded.gender,
      primary_language = excluded.primary_language, county = excluded.county, import_run_id = excluded.import_run_id
    WHERE (clients.birth_date, clients.race_ethnicity, clients.gender, clients.primary_language, clients.county)
      IS DISTINCT FROM (excluded.birth_date, excluded.race_ethnicity, excluded.gender, excluded.primary_language, excluded.county)`;

// Episodes from staging into the warehouse: insert new ids, update changed
// ones, leave identical rows untouched.
import type { Client } from '../../sql/db.ts';

/** `intoEmpty`: the table holds no rows and no key (a first or --replace bulk load), so a plain INSERT does. */
export async function upsertEpisodes(client: Client, runId: number, intoEmpty = false): Promise<number> {
  const { rowCount } = await client.query(
    `
    INSERT INTO episodes (episode_id, client_id, program, facilitator_id, start_date, end_date, exit_reason, import_run_id)
    SELECT episode_id, client_id, program, facilitator_id, start_date, end_date, exit_reason, $1
    FROM stage_episodes
    ${intoEmpty ? '' : onConflict}`,
    [runId],
  );
  return rowCount;
}

// A stored id is updated, and only when something changed, so an unchanged record keeps the run that last changed it.
const onConflict = `
    ON CONFLICT (episode_id) DO UPDATE SET
      client_id = excluded.client_id, program = excluded.program, facilitator_id = excluded.facilitator_id,
      start_date = excluded.start_date, end_date = excluded.end_date, exit_reason = excluded.exit_reason,
      import_run_id = excluded.import_run_id
    WHERE (episodes.client_id, episodes.program, episodes.facilitator_id, episodes.start_date, episodes.end_date, episodes.exit_reason)
      IS DISTINCT FROM (excluded.client_id, excluded.program, excluded.facilitator_id, excluded.start_date, excluded.end_date, excluded.exit_reason)`;

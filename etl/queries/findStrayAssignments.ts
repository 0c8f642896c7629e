// Stored assignments that a re-sent episode no longer holds: the delta changed the episode's dates but did not
// re-send its assignments. Kept as they are (nothing is dropped or repaired), and named in a warning.
import type { Client } from '../../sql/db.ts';

export async function findStrayAssignments(client: Client, runId: number): Promise<{ count: number; example: string | null }> {
  const { rows } = await client.query<{ count: number; example: string | null }>(
    `
    -- Episodes this run wrote, and their assignments from earlier runs that start before the episode or after its exit.
    SELECT count(*)::int AS count, min(e.episode_id) AS example
    FROM episodes e
    JOIN assignments a ON a.episode_id = e.episode_id
    WHERE e.import_run_id = $1 AND a.import_run_id <> $1
      AND (a.start_date < e.start_date OR a.start_date > e.end_date)`,
    [runId],
  );
  return rows[0] ?? { count: 0, example: null };
}

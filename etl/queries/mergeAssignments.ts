// Assignments: for each episode present in assignments.csv the stored set
// becomes the extract's set; episodes absent from the file keep theirs, and so
// do episodes with a rejected row in it (their set in the extract is incomplete:
// its accepted rows are added or replace their stored copy, nothing stored is
// taken away).
import type { Client } from '../../sql/db.ts';

/** `intoEmpty`: the table holds no rows and no key (a first or --replace bulk load), so a plain INSERT does. */
export async function mergeAssignments(client: Client, runId: number, intoEmpty = false, incomplete: string[] = []): Promise<number> {
  if (intoEmpty) {
    const { rowCount } = await client.query(`INSERT INTO assignments (episode_id, staff_id, start_date, end_date, import_run_id) SELECT episode_id, staff_id, start_date, end_date, $1 FROM stage_assignments`, [runId]);
    return rowCount;
  }
  // A stored assignment of a re-sent episode that the extract no longer lists is gone.
  const removed = await client.query(`
    DELETE FROM assignments a
    WHERE a.episode_id IN (SELECT episode_id FROM stage_assignments)
      AND a.episode_id NOT IN (SELECT unnest($1::text[]))
      AND NOT EXISTS (
        SELECT 1 FROM stage_assignments s
        WHERE s.episode_id = a.episode_id AND s.staff_id = a.staff_id AND s.start_date = a.start_date
          AND s.end_date IS NOT DISTINCT FROM a.end_date)`, [incomplete]);
  // An incomplete set's accepted row with a stored key (episode, staff, start) replaces its stored copy (a complete
  // set's changed rows were removed above and come back below).
  const replaced = incomplete.length
    ? await client.query(`
    UPDATE assignments a SET end_date = s.end_date, import_run_id = $1
    FROM stage_assignments s
    WHERE a.episode_id = ANY($2::text[])
      AND s.episode_id = a.episode_id AND s.staff_id = a.staff_id AND s.start_date = a.start_date
      AND s.end_date IS DISTINCT FROM a.end_date`, [runId, incomplete])
    : { rowCount: 0 };
  // Identical assignments already stored are left as they are (and keep their import_run_id). An anti-join
  // rather than ON CONFLICT DO NOTHING, which probes the key row by row: 2.4 -> 0.9 s for 1.2M resent rows.
  const added = await client.query(
    `
    INSERT INTO assignments (episode_id, staff_id, start_date, end_date, import_run_id)
    SELECT episode_id, staff_id, start_date, end_date, $1 FROM stage_assignments s
    WHERE NOT EXISTS (SELECT 1 FROM assignments a WHERE a.episode_id = s.episode_id AND a.staff_id = s.staff_id AND a.start_date = s.start_date)`,
    [runId],
  );
  return removed.rowCount + replaced.rowCount + added.rowCount;
}

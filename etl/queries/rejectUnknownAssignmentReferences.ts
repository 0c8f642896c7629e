// Removes assignments whose episode or staff member is unknown, or that
// start outside their episode; returns why for each line.
import type { Client } from '../../sql/db.ts';

export interface AssignmentReject {
  line: number;
  column_name: string;
  problem: 'episode' | 'staff' | 'outside';
  reference: string;
  episode_id: string;
  /** For an assignment outside its episode: its start and the episode's dates (end null while open). */
  start_date: string | null;
  episode_start: string | null;
  episode_end: string | null;
}

export async function rejectUnknownAssignmentReferences(client: Client, replace: boolean): Promise<AssignmentReject[]> {
  const { rows } = await client.query<AssignmentReject>(
    `
    -- Each assignment beside its episode (this extract's accepted version first, else the stored one) and its staff member;
    -- joins, not EXISTS ... OR EXISTS, so a million rows get hash joins rather than a subplan per row.
    WITH resolved AS (
      SELECT a.line, a.episode_id, a.staff_id, a.start_date, a.end_date,
             se.episode_id IS NOT NULL OR we.episode_id IS NOT NULL AS has_episode,
             CASE WHEN se.episode_id IS NOT NULL THEN se.start_date ELSE we.start_date END AS episode_start,
             CASE WHEN se.episode_id IS NOT NULL THEN se.end_date ELSE we.end_date END AS episode_end,
             ss.staff_id IS NOT NULL OR ws.staff_id IS NOT NULL AS has_staff
      FROM stage_assignments a
      LEFT JOIN stage_episodes se ON se.episode_id = a.episode_id
      LEFT JOIN episodes we ON NOT $1::boolean AND we.episode_id = a.episode_id
      LEFT JOIN stage_staff ss ON ss.staff_id = a.staff_id
      LEFT JOIN staff ws ON NOT $1::boolean AND ws.staff_id = a.staff_id
    ),
    -- An assignment starts within its episode (data-contract.md); one ending later is carried only to the episode's end (030).
    missing AS (
      SELECT line,
             CASE WHEN NOT has_episode THEN 'episode' WHEN NOT has_staff THEN 'staff' ELSE 'outside' END AS problem,
             CASE WHEN NOT has_episode THEN 'episode_id' WHEN NOT has_staff THEN 'staff_id' ELSE 'start_date' END AS column_name,
             CASE WHEN NOT has_episode THEN episode_id WHEN NOT has_staff THEN staff_id ELSE episode_id END AS reference,
             start_date, episode_start, episode_end
      FROM resolved
      WHERE NOT has_episode OR NOT has_staff
         OR start_date < episode_start OR start_date > episode_end
    )
    DELETE FROM stage_assignments a USING missing m WHERE a.line = m.line
    RETURNING m.line, m.column_name, m.problem, m.reference, a.episode_id, m.start_date, m.episode_start, m.episode_end`,
    [replace],
  );
  return rows;
}

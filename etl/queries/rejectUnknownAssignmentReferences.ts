// Removes assignments whose episode or staff member is unknown, or whose
// dates fall outside their episode; returns why for each line.
import type { Client } from '../../sql/db.ts';

export interface AssignmentReject {
  line: number;
  column_name: string;
  problem: 'episode' | 'staff' | 'outside';
  reference: string;
}

export async function rejectUnknownAssignmentReferences(client: Client, replace: boolean): Promise<AssignmentReject[]> {
  const { rows } = await client.query<AssignmentReject>(
    `
    -- The episode an assignment belongs to: this extract's accepted version first, else the stored one.
    WITH episode AS (
      SELECT episode_id, start_date, end_date FROM stage_episodes
      UNION ALL
      SELECT w.episode_id, w.start_date, w.end_date FROM episodes w
      WHERE NOT $1::boolean AND NOT EXISTS (SELECT 1 FROM stage_episodes s WHERE s.episode_id = w.episode_id)
    ),
    -- Each assignment beside its episode's dates and whether its staff member exists.
    resolved AS (
      SELECT a.line, a.episode_id, a.staff_id, a.start_date, a.end_date,
             e.episode_id IS NOT NULL AS has_episode, e.start_date AS episode_start, e.end_date AS episode_end,
             EXISTS (SELECT 1 FROM stage_staff s WHERE s.staff_id = a.staff_id)
               OR EXISTS (SELECT 1 FROM staff s WHERE s.staff_id = a.staff_id AND NOT $1::boolean) AS has_staff
      FROM stage_assignments a LEFT JOIN episode e ON e.episode_id = a.episode_id
    ),
    -- An assignment lies within its episode; an open-ended one runs to the episode's end.
    missing AS (
      SELECT line,
             CASE WHEN NOT has_episode THEN 'episode' WHEN NOT has_staff THEN 'staff' ELSE 'outside' END AS problem,
             CASE WHEN NOT has_episode THEN 'episode_id' WHEN NOT has_staff THEN 'staff_id'
                  WHEN start_date < episode_start OR start_date > episode_end THEN 'start_date' ELSE 'end_date' END AS column_name,
             CASE WHEN NOT has_episode THEN episode_id WHEN NOT has_staff THEN staff_id ELSE episode_id END AS reference
      FROM resolved
      WHERE NOT has_episode OR NOT has_staff
         OR start_date < episode_start OR start_date > episode_end OR end_date > episode_end
    )
    DELETE FROM stage_assignments a USING missing m WHERE a.line = m.line
    RETURNING m.line, m.column_name, m.problem, m.reference`,
    [replace],
  );
  return rows;
}

// Removes staff whose supervisor is neither accepted in this extract nor
// stored; repeated until nothing changes, so a whole broken chain cascades.
import type { Client } from '../../sql/db.ts';

export async function rejectUnknownSupervisors(client: Client, replace: boolean): Promise<{ line: number; supervisor_id: string }[]> {
  const rejected: { line: number; supervisor_id: string }[] = [];
  for (;;) {
    const { rows } = await client.query<{ line: number; supervisor_id: string }>(
      `
      -- A supervisor must be a staff row of this extract or of the warehouse (ignored by --replace).
      WITH missing AS (
        SELECT s.line FROM stage_staff s
        WHERE s.supervisor_id IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM stage_staff t WHERE t.staff_id = s.supervisor_id)
          AND NOT EXISTS (SELECT 1 FROM staff w WHERE w.staff_id = s.supervisor_id AND NOT $1::boolean)
      )
      DELETE FROM stage_staff s USING missing m WHERE s.line = m.line
      RETURNING s.line, s.supervisor_id`,
      [replace],
    );
    if (!rows.length) return rejected;
    rejected.push(...rows);
  }
}

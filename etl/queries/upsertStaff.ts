// Staff from staging into the warehouse: insert new ids, update changed ones,
// leave identical rows (and their import_run_id) untouched.
import type { Client } from '../../sql/db.ts';

export async function upsertStaff(client: Client, runId: number): Promise<number> {
  const { rowCount } = await client.query(
    `
    INSERT INTO staff (staff_id, name, role, supervisor_id, hire_date, separation_date, separation_reason, certified_date, import_run_id)
    SELECT staff_id, name, role, supervisor_id, hire_date, separation_date, separation_reason, certified_date, $1
    FROM stage_staff
    ON CONFLICT (staff_id) DO UPDATE SET
      name = excluded.name, role = excluded.role, supervisor_id = excluded.supervisor_id, hire_date = excluded.hire_date,
      separation_date = excluded.separation_date, separation_reason = excluded.separation_reason,
      certified_date = excluded.certified_date, import_run_id = excluded.import_run_id
    -- Only a changed record is rewritten, so an unchanged one keeps the run that last changed it.
    WHERE (staff.name, staff.role, staff.supervisor_id, staff.hire_date, staff.separation_date, staff.separation_reason, staff.certified_date)
      IS DISTINCT FROM (excluded.name, excluded.role, excluded.supervisor_id, excluded.hire_date, excluded.separation_date, excluded.separation_reason, excluded.certified_date)`,
    [runId],
  );
  return rowCount;
}

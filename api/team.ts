// A supervisor's team: their own staff id and the staff whose supervisor_id is theirs.
import type { Warehouse } from '../sql/db.ts';
import type { Viewer } from './access/tables.ts';

export async function getTeam(warehouse: Warehouse, viewer: Viewer): Promise<Set<string>> {
  if (viewer.role !== 'supervisor' || !viewer.staffId) return new Set();
  const rows = await warehouse.db.selectFrom('staff').select('staff_id').where('supervisor_id', '=', viewer.staffId).execute();
  return new Set([viewer.staffId, ...rows.map((r) => r.staff_id)]);
}

// The names of supervisors heading workforce groups (the API strips them for roles that may not see them).
import type { Warehouse } from '../../sql/db.ts';

const supervisorNamesSql = `
-- Names of the given staff ids.
SELECT staff_id, name FROM staff WHERE staff_id = ANY($1::text[])`;

export async function getSupervisorNames(warehouse: Warehouse, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const { rows } = await warehouse.withClient((c) => c.query<{ staff_id: string; name: string }>(supervisorNamesSql, [ids]));
  return new Map(rows.map((r) => [r.staff_id, r.name]));
}

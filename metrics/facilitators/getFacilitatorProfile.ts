// One facilitator's staff record, their supervisor's name and their caseload on asOf.
import type { Warehouse } from '../../sql/db.ts';
import { filterArgs, filtersSqlAt } from '../dimensions.ts';
import { SqlArgs } from './sqlArgs.ts';

export interface FacilitatorProfile {
  staffId: string;
  name: string;
  supervisorId: string | null;
  supervisorName: string | null;
  hireDate: string;
  separationDate: string | null;
  certifiedDate: string | null;
  /** Open episodes on asOf (facilitator of record, chosen programs and counties). */
  caseload: number;
}

/** Null when no facilitator has this id (a supervisor without cases of their own is not one). */
export async function getFacilitatorProfile(
  warehouse: Warehouse,
  staffId: string,
  filter: { program: string[]; county: string[]; asOf: string | null },
): Promise<FacilitatorProfile | null> {
  const args = new SqlArgs();
  const [programs, counties] = filterArgs(filter);
  const id = args.add(staffId, 'text');
  const asOf = args.add(filter.asOf, 'date');
  const text = `-- Open on asOf: started on or before it and not ended by then (an episode ending on asOf is closed), as the workforce caseload counts.
WITH caseload AS (
  SELECT count(*)::int AS n
  FROM episode_facts f
  WHERE f.facilitator_id = ${id}
    AND f.start_date <= ${asOf} AND (f.end_date IS NULL OR f.end_date > ${asOf})
    AND ${filtersSqlAt(args.position(programs), args.position(counties))}
)
SELECT s.staff_id AS "staffId", s.name, s.supervisor_id AS "supervisorId", sup.name AS "supervisorName",
       s.hire_date AS "hireDate", s.separation_date AS "separationDate", s.certified_date AS "certifiedDate",
       caseload.n AS caseload
FROM staff s
LEFT JOIN staff sup ON sup.staff_id = s.supervisor_id
CROSS JOIN caseload
-- A facilitator, or any staff member who is the facilitator of record of an episode.
WHERE s.staff_id = ${id}
  AND (s.role = 'facilitator' OR EXISTS (SELECT 1 FROM episode_facts e WHERE e.facilitator_id = ${id}))`;
  const { rows } = await warehouse.withClient((c) => c.query<FacilitatorProfile>(text, args.values));
  return rows[0] ?? null;
}

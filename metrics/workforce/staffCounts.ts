// Headcounts on the period's first and last day, separations in the period and
// 12-month retention counts, per group and for all staff of the chosen roles.
import type { Warehouse } from '../../sql/db.ts';
import { groupKeySql, type WorkforceBy } from './groups.ts';

export interface StaffCountsQuery {
  from: string;
  to: string;
  roles: string[];
  by: WorkforceBy;
}

/** `key` null is all staff of the chosen roles. */
export interface StaffCountsRow {
  key: string | null;
  headcount_start: number;
  headcount_end: number;
  separations: number;
  voluntary: number;
  retained: number;
}

const staffCountsSql = (by: WorkforceBy) => `
-- Staff counted: the chosen roles, each with the group its figures go to.
WITH counted_staff AS (
  SELECT ${groupKeySql(by)} AS key, s.hire_date, s.separation_date, s.separation_reason
  FROM staff s
  WHERE s.role = ANY($3::text[])
),
-- Employed on d: hired by d and not separated by d (a separation on d itself ends employment on d).
flags AS (
  SELECT key,
         hire_date <= $1::date AND (separation_date IS NULL OR separation_date > $1::date) AS on_from,
         hire_date <= $2::date AND (separation_date IS NULL OR separation_date > $2::date) AS on_to,
         coalesce(separation_date BETWEEN $1::date AND $2::date, false) AS separated,
         coalesce(separation_date BETWEEN $1::date AND $2::date AND separation_reason = 'voluntary', false) AS left_voluntarily,
         separation_date IS NULL OR separation_date > $1::date + 365 AS employed_a_year_later
  FROM counted_staff
)
-- Additive counts per group and for everyone (the empty grouping set).
SELECT key, grouping(key) = 1 AS overall,
       (count(*) FILTER (WHERE on_from))::int AS headcount_start,
       (count(*) FILTER (WHERE on_to))::int AS headcount_end,
       (count(*) FILTER (WHERE separated))::int AS separations,
       (count(*) FILTER (WHERE left_voluntarily))::int AS voluntary,
       (count(*) FILTER (WHERE on_from AND employed_a_year_later))::int AS retained
FROM flags
GROUP BY GROUPING SETS ((), (key))`;

export async function getStaffCounts(warehouse: Warehouse, q: StaffCountsQuery): Promise<StaffCountsRow[]> {
  const { rows } = await warehouse.withClient((c) =>
    c.query<StaffCountsRow & { overall: boolean }>(staffCountsSql(q.by), [q.from, q.to, q.roles]),
  );
  return rows.filter((r) => r.overall || q.by !== 'none').map(({ overall, ...r }) => ({ ...r, key: overall ? null : r.key }));
}

// Staff employed and open episodes carried on each month's first day in the
// period, per group and for all staff of the chosen roles (from the caseload mart).
import type { Warehouse } from '../../sql/db.ts';
import { groupKeySql, type WorkforceBy } from './groups.ts';

export interface MonthlyCaseloadQuery {
  from: string;
  to: string;
  roles: string[];
  by: WorkforceBy;
  asOf: string;
}

/** `key` null is all staff of the chosen roles. */
export interface MonthlyCaseloadRow {
  month: string;
  key: string | null;
  facilitators: number;
  open_episodes: number;
}

const monthlyCaseloadSql = (by: WorkforceBy) => `
-- Month starts: the first day of each calendar month inside [from, to], up to asOf (later days are not known yet).
WITH months AS (
  SELECT m::date AS month
  FROM generate_series(date_trunc('month', ($1::date - 1)::timestamp) + interval '1 month', $2::date::timestamp, interval '1 month') m
  WHERE m::date <= $4::date
),
-- Staff counted: the chosen roles, each with the group its figures go to.
counted_staff AS (
  SELECT s.staff_id, ${groupKeySql(by)} AS key, s.hire_date, s.separation_date
  FROM staff s
  WHERE s.role = ANY($3::text[])
),
-- Each staff member on each month start: employed that day (a separation on the day ends it) and the episodes carried.
staffing AS (
  SELECT m.month, cs.key,
         cs.hire_date <= m.month AND (cs.separation_date IS NULL OR cs.separation_date > m.month) AS employed,
         coalesce(fc.open_episodes, 0) AS open_episodes
  FROM months m
  LEFT JOIN counted_staff cs ON true
  LEFT JOIN facilitator_caseload fc ON fc.month = m.month AND fc.staff_id = cs.staff_id
)
-- Additive counts per month, per group and for everyone.
SELECT month, key, grouping(key) = 1 AS overall,
       (count(*) FILTER (WHERE employed))::int AS facilitators,
       sum(open_episodes)::int AS open_episodes
FROM staffing
GROUP BY GROUPING SETS ((month), (month, key))
ORDER BY month`;

export async function getMonthlyCaseload(warehouse: Warehouse, q: MonthlyCaseloadQuery): Promise<MonthlyCaseloadRow[]> {
  const { rows } = await warehouse.withClient((c) =>
    c.query<MonthlyCaseloadRow & { overall: boolean }>(monthlyCaseloadSql(q.by), [q.from, q.to, q.roles, q.asOf]),
  );
  // With no staff at all, the month's group row has no key: only the overall row means something.
  return rows
    .filter((r) => r.overall || (q.by !== 'none' && r.key !== null))
    .map(({ overall, ...r }) => ({ ...r, key: overall ? null : r.key }));
}

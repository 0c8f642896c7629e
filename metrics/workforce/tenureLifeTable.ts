// Life-table counts of staff tenure (hire to separation), per group and overall.
import type { Warehouse } from '../../sql/db.ts';
import { groupKeySql, type WorkforceBy } from './groups.ts';

export interface TenureQuery {
  from: string;
  to: string;
  roles: string[];
  by: WorkforceBy;
  asOf: string;
  /** true: every staff member ever hired (cohort=all); false: those hired in the period. */
  allHires: boolean;
}

/** `key` null is the whole cohort. */
export interface TenureLifeTableRow {
  key: string | null;
  t: number;
  events: number;
  censored: number;
}

const tenureLifeTableSql = (by: WorkforceBy) => `
-- Tenure cohort: staff of the chosen roles hired in [from, to] (or ever, with cohort=all), by asOf.
WITH cohort AS (
  SELECT ${groupKeySql(by)} AS key, s.hire_date, s.separation_date
  FROM staff s
  WHERE s.role = ANY($3::text[])
    AND s.hire_date <= $4::date
    AND ($5::boolean OR s.hire_date BETWEEN $1::date AND $2::date)
),
-- Tenure: separation - hire for staff who left by asOf (event), asOf - hire for current staff (censored).
timed AS (
  SELECT key,
         CASE WHEN separation_date <= $4::date THEN separation_date - hire_date ELSE $4::date - hire_date END AS t,
         coalesce(separation_date <= $4::date, false) AS separated
  FROM cohort
)
-- Additive counts per duration, for each group and for the whole cohort.
SELECT key, grouping(key) = 1 AS overall, t,
       (count(*) FILTER (WHERE separated))::int AS events,
       (count(*) FILTER (WHERE NOT separated))::int AS censored
FROM timed
GROUP BY GROUPING SETS ((t), (key, t))`;

export async function getTenureLifeTable(warehouse: Warehouse, q: TenureQuery): Promise<TenureLifeTableRow[]> {
  const { rows } = await warehouse.withClient((c) =>
    c.query<TenureLifeTableRow & { overall: boolean }>(tenureLifeTableSql(q.by), [q.from, q.to, q.roles, q.asOf, q.allHires]),
  );
  return rows.filter((r) => r.overall || q.by !== 'none').map(({ overall, ...r }) => ({ ...r, key: overall ? null : r.key }));
}

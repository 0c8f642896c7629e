// Episodes of the entry cohort left out as no-shows (exited after fewer than minStay days).
import type { Warehouse } from '../../sql/db.ts';
import { commonArgs, filtersSql } from '../dimensions.ts';
import type { EntryLifeTableQuery } from './entryLifeTable.ts';

const shortStayCountSql = `
-- Entry cohort exits by asOf that lasted fewer than minStay days (open episodes are never short stays).
WITH short_stays AS (
  SELECT 1
  FROM episode_facts f
  WHERE f.start_date BETWEEN $1::date AND $2::date
    AND f.end_date <= $6::date
    AND f.end_date - f.start_date < $3
    AND ${filtersSql}
)
SELECT count(*)::int AS n FROM short_stays`;

export async function getShortStayCount(warehouse: Warehouse, q: EntryLifeTableQuery): Promise<number> {
  const { rows } = await warehouse.withClient((c) => c.query<{ n: number }>(shortStayCountSql, [...commonArgs(q), q.asOf]));
  return rows[0].n;
}

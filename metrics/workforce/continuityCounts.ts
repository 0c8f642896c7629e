// Facilitator continuity: episodes closed in the period and how many of them
// had two or more distinct facilitators, per group of the facilitator of record.
import type { Warehouse } from '../../sql/db.ts';
import { filterArgs, filtersSqlAt } from '../dimensions.ts';
import { groupKeySql, type WorkforceBy } from './groups.ts';

export interface ContinuityQuery {
  from: string;
  to: string;
  program: string[];
  county: string[];
  by: WorkforceBy;
}

/** `key` null is every closed episode. */
export interface ContinuityRow {
  key: string | null;
  n: number;
  changed: number;
  assignments_imported: boolean;
}

const continuityCountsSql = (by: WorkforceBy) => `
-- Episodes closed in [from, to] (bounds inclusive), within the filters, with their facilitator of record (s).
WITH closed AS (
  SELECT ${groupKeySql(by)} AS key, f.facilitator_count
  FROM episode_facts f
  JOIN staff s ON s.staff_id = f.facilitator_id
  WHERE f.end_date BETWEEN $1::date AND $2::date
    AND ${filtersSqlAt(3, 4)}
)
-- Additive counts per group and overall; continuity is only known when assignments were imported at all.
SELECT key, grouping(key) = 1 AS overall,
       count(*)::int AS n,
       (count(*) FILTER (WHERE facilitator_count >= 2))::int AS changed,
       (SELECT EXISTS (SELECT 1 FROM assignments)) AS assignments_imported
FROM closed
GROUP BY GROUPING SETS ((), (key))`;

export async function getContinuityCounts(warehouse: Warehouse, q: ContinuityQuery): Promise<ContinuityRow[]> {
  const { rows } = await warehouse.withClient((c) =>
    c.query<ContinuityRow & { overall: boolean }>(continuityCountsSql(q.by), [q.from, q.to, ...filterArgs(q)]),
  );
  return rows.filter((r) => r.overall || q.by !== 'none').map(({ overall, ...r }) => ({ ...r, key: overall ? null : r.key }));
}

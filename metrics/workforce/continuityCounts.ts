// Facilitator continuity: episodes closed in the period and how many of them
// had two or more distinct facilitators, per group of the facilitator of record.
import type { Warehouse } from '../../sql/db.ts';
import { filterArgs, filtersSqlAt } from '../dimensions.ts';
import { monthCountsSelection, monthCountsWhere, wholeMonthsUnfiltered, type MonthCountsSelection } from '../monthCounts.ts';
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

// Whole months ($2 first day .. $3 last day) for the whole agency (within one filter: $1 program or county, keys
// $4) or per team ($1 = supervisor): the closed episodes are the month counts' exits
// (sql/marts/050_exit_month_counts.sql; the team there is the facilitator of record's supervisor, as above).
const monthContinuitySql = `
-- The period's exits and those with a change of facilitator, counted per team (or filter group) and month.
WITH closed AS (
  SELECT key, exits, changed_facilitator
  FROM exit_month_counts
  WHERE ${monthCountsWhere(4)} AND exit_month BETWEEN $2::date AND $3::date
)
SELECT key, grouping(key) = 1 AS overall,
       coalesce(sum(exits), 0)::int AS n,
       coalesce(sum(changed_facilitator), 0)::int AS changed,
       (SELECT EXISTS (SELECT 1 FROM assignments)) AS assignments_imported
FROM closed
GROUP BY GROUPING SETS ((), (key))`;

/** The exit counts' rows for a request: the agency's (or one filter's groups) summed, or each team's unfiltered. */
function continuitySelection(q: ContinuityQuery): MonthCountsSelection | null {
  if (q.by === 'none') return monthCountsSelection({ ...q, by: 'none' });
  return q.by === 'supervisor' && wholeMonthsUnfiltered(q) ? { dimension: 'supervisor', keys: [] } : null;
}

export async function getContinuityCounts(warehouse: Warehouse, q: ContinuityQuery): Promise<ContinuityRow[]> {
  const counted = continuitySelection(q);
  const [text, args] = counted
    ? [monthContinuitySql, [counted.dimension, q.from, q.to, counted.keys]]
    : [continuityCountsSql(q.by), [q.from, q.to, ...filterArgs(q)]];
  const { rows } = await warehouse.withClient((c) => c.query<ContinuityRow & { overall: boolean }>(text, args));
  return rows.filter((r) => r.overall || q.by !== 'none').map(({ overall, ...r }) => ({ ...r, key: overall ? null : r.key }));
}

// Cases, events and expected events per facilitator (and, when asked, per client group): the additive counts section 8 is computed from.
import type { Warehouse } from '../../sql/db.ts';
import { dimensionSql } from '../dimensions.ts';
import { cohortCasesSql, type CohortInput } from './cohortCases.ts';
import { SqlArgs } from './sqlArgs.ts';

export interface FacilitatorCountRow {
  staffId: string;
  name: string | null;
  supervisorId: string | null;
  /** The cases' value of `groupBy` (null without it), and the stored label where there is one (programs). */
  groupKey?: string | null;
  groupLabel?: string | null;
  n: number;
  events: number;
  /**
   * Indirect standardisation's E: the sum over these cases of their stratum's agency-wide rate, strata being
   * program x age group x prior-episodes bucket. Additive, so a facilitator's E is the sum over its groups.
   */
  expected: number;
}

export async function getFacilitatorCounts(warehouse: Warehouse, input: CohortInput): Promise<FacilitatorCountRow[]> {
  const args = new SqlArgs();
  // Brings the stored label of a program key (alias g, column key); nothing for the other dimensions.
  const groupLabel = dimensionSql(input.groupBy ?? 'none', input.metric === 'repeat-entries' ? 'entry' : 'exit');
  const text = `WITH ${cohortCasesSql(input, args)},
-- Each facilitator's cases per case-mix stratum (program x age group x prior-episodes bucket), split further by
-- the client group for the heat map (one NULL group without one), so every figure comes from the same cases.
cells AS (
  SELECT facilitator_id, program, age_group, prior_bucket, group_key AS key,
         count(*)::int AS n, (count(*) FILTER (WHERE event))::int AS events
  FROM cases
  GROUP BY facilitator_id, program, age_group, prior_bucket, group_key
),
-- Expected events in a cell: its cases times the stratum's agency-wide rate (metrics.md 8, indirect standardisation).
-- Strata are put together in byte order (sorting by a language's rules is slower, and the order is not shown).
expected_cells AS (
  SELECT facilitator_id, key, n, events, (n * sum(events) OVER stratum)::float8 / sum(n) OVER stratum AS expected
  FROM cells
  WINDOW stratum AS (PARTITION BY program COLLATE "C", age_group COLLATE "C", prior_bucket COLLATE "C")
),
-- The strata summed back: one row per facilitator and group.
counts AS (
  SELECT facilitator_id, key, sum(n)::int AS n, sum(events)::int AS events, sum(expected) AS expected
  FROM expected_cells
  GROUP BY facilitator_id, key
)
SELECT g.facilitator_id AS "staffId", s.name, s.supervisor_id AS "supervisorId",
       g.key AS "groupKey", ${groupLabel.label} AS "groupLabel", g.n, g.events, g.expected
FROM counts g
LEFT JOIN staff s ON s.staff_id = g.facilitator_id
${groupLabel.labelJoin}
ORDER BY g.facilitator_id COLLATE "C", g.key COLLATE "C"`;
  const { rows } = await warehouse.withClient((c) => c.query<FacilitatorCountRow>(text, args.values));
  return rows;
}

// The heat map's cells from the facilitator case table: each facilitator's cases and events per client group
// (they add up to the facilitator's own figures). Reads the metric's covering index once.
import type { Client } from '../../sql/db.ts';
import { dimensionSql } from '../dimensions.ts';
import type { FacilitatorGroupDimension } from '../params.ts';
import type { CohortInput } from './cohortCases.ts';
import { caseFilter } from './caseFilter.ts';
import type { FacilitatorGroupCountRow } from './getFacilitatorCounts.ts';
import { SqlArgs } from './sqlArgs.ts';

/** Where a case's group is: its number in case_groups (the age group at exit, or at start for repeat entries), or
 * for programs its case-mix stratum's program. */
const groupColumns: Record<Exclude<FacilitatorGroupDimension, 'none'>, (metric: string) => { code: string } | { stratum: string }> = {
  county: () => ({ code: 'county' }),
  race_ethnicity: () => ({ code: 'race_ethnicity' }),
  gender: () => ({ code: 'gender' }),
  primary_language: () => ({ code: 'primary_language' }),
  age_group: (metric) => ({ code: metric === 'repeat-entries' ? 'entry_age_group' : 'exit_age_group' }),
  program: () => ({ stratum: 'program' }),
};

export async function getCaseGroupCounts(
  client: Client,
  input: CohortInput,
  groupBy: Exclude<FacilitatorGroupDimension, 'none'>,
  leaveOut: string[],
): Promise<FacilitatorGroupCountRow[]> {
  const args = new SqlArgs();
  const { stratum, counted, event } = caseFilter(input, leaveOut, args);
  const label = dimensionSql(groupBy, input.metric === 'repeat-entries' ? 'entry' : 'exit');
  const group = groupColumns[groupBy](input.metric);
  // Each facilitator's cases per group number (or per stratum, whose program is the group), then keyed.
  const keyed =
    'code' in group
      ? `SELECT cells.facilitator, g.key, cells.n, cells.events
  FROM cells
  JOIN case_groups g ON g.dimension = ${args.add(groupBy, 'text')} AND g.code = cells.code`
      : `SELECT cells.facilitator, d.${group.stratum} AS key, sum(cells.n)::int AS n, sum(cells.events)::int AS events
  FROM cells
  JOIN case_mix_strata d ON d.code = cells.code
  GROUP BY 1, 2`;
  const text = `WITH cells AS (
  SELECT c.facilitator, ${'code' in group ? `c.${group.code}` : stratum('c')} AS code,
         count(*)::int AS n, (count(*) FILTER (WHERE ${event('c')}))::int AS events
  FROM facilitator_cases c
  WHERE ${counted('c')}
  GROUP BY 1, 2
),
-- Keyed (named g below, as the label's join in metrics/dimensions.ts reads g.key).
keyed AS (
  ${keyed}
)
SELECT k.staff_id AS "staffId", g.key AS "groupKey", ${label.label} AS "groupLabel", g.n, g.events
FROM keyed g
JOIN facilitator_codes k ON k.code = g.facilitator
${label.labelJoin}
ORDER BY k.staff_id COLLATE "C", g.key COLLATE "C"`;
  const { rows } = await client.query<FacilitatorGroupCountRow>(text, args.values);
  return rows;
}

// Cases and events per facilitator and case-mix stratum (and, when asked, per client group): the additive counts section 8 is computed from.
import type { Warehouse } from '../../sql/db.ts';
import { dimensionSql } from '../dimensions.ts';
import { cohortCasesSql, type CohortInput } from './cohortCases.ts';
import { SqlArgs } from './sqlArgs.ts';

export interface FacilitatorStratumRow {
  staffId: string;
  name: string | null;
  supervisorId: string | null;
  /** program x age group x prior-episodes bucket */
  program: string;
  ageGroup: string;
  priorBucket: string;
  /** The case's value of `groupBy` (null without it), and the stored label where there is one (programs). */
  groupKey?: string | null;
  groupLabel?: string | null;
  n: number;
  events: number;
}

export async function getFacilitatorStrata(warehouse: Warehouse, input: CohortInput): Promise<FacilitatorStratumRow[]> {
  const args = new SqlArgs();
  // Brings the stored label of a program key (alias g, column key); nothing for the other dimensions.
  const groupLabel = dimensionSql(input.groupBy ?? 'none', input.metric === 'repeat-entries' ? 'entry' : 'exit');
  const text = `WITH ${cohortCasesSql(input, args)},
-- Indirect standardisation needs each facilitator's cases split by stratum: program x age group x prior-episodes bucket;
-- the heat map splits them further by the client group (one NULL group without one), so both come from the same cases.
strata AS (
  SELECT facilitator_id, program, age_group, prior_bucket, group_key AS key,
         count(*)::int AS n, (count(*) FILTER (WHERE event))::int AS events
  FROM cases
  GROUP BY facilitator_id, program, age_group, prior_bucket, group_key
)
SELECT g.facilitator_id AS "staffId", s.name, s.supervisor_id AS "supervisorId",
       g.program, g.age_group AS "ageGroup", g.prior_bucket AS "priorBucket",
       g.key AS "groupKey", ${groupLabel.label} AS "groupLabel", g.n, g.events
FROM strata g
LEFT JOIN staff s ON s.staff_id = g.facilitator_id
${groupLabel.labelJoin}
ORDER BY g.facilitator_id COLLATE "C", g.program COLLATE "C", g.age_group COLLATE "C", g.prior_bucket COLLATE "C", g.key COLLATE "C"`;
  const { rows } = await warehouse.withClient((c) => c.query<FacilitatorStratumRow>(text, args.values));
  return rows;
}

// Cases and events per facilitator and case-mix stratum: the additive counts section 8 is computed from.
import type { Warehouse } from '../../sql/db.ts';
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
  n: number;
  events: number;
}

export async function getFacilitatorStrata(warehouse: Warehouse, input: CohortInput): Promise<FacilitatorStratumRow[]> {
  const args = new SqlArgs();
  const text = `WITH ${cohortCasesSql(input, args)},
-- Indirect standardisation needs each facilitator's cases split by stratum: program x age group x prior-episodes bucket.
strata AS (
  SELECT facilitator_id, program, age_group, prior_bucket, count(*)::int AS n, (count(*) FILTER (WHERE event))::int AS events
  FROM cases
  GROUP BY facilitator_id, program, age_group, prior_bucket
)
SELECT st.facilitator_id AS "staffId", s.name, s.supervisor_id AS "supervisorId",
       st.program, st.age_group AS "ageGroup", st.prior_bucket AS "priorBucket", st.n, st.events
FROM strata st
LEFT JOIN staff s ON s.staff_id = st.facilitator_id
ORDER BY st.facilitator_id COLLATE "C", st.program, st.age_group, st.prior_bucket`;
  const { rows } = await warehouse.withClient((c) => c.query<FacilitatorStratumRow>(text, args.values));
  return rows;
}

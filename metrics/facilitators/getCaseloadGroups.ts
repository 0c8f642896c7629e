// One facilitator's counted cases by race and ethnicity, gender and age group, with their events.
import type { Warehouse } from '../../sql/db.ts';
import { cohortCasesSql, type CohortInput } from './cohortCases.ts';
import { SqlArgs } from './sqlArgs.ts';

export type CaseloadDimension = 'race_ethnicity' | 'gender' | 'age_group';

export interface CaseloadGroupRow {
  dimension: CaseloadDimension;
  key: string;
  n: number;
  events: number;
}

export async function getCaseloadGroups(warehouse: Warehouse, input: CohortInput, staffId: string): Promise<CaseloadGroupRow[]> {
  const args = new SqlArgs();
  const text = `WITH ${cohortCasesSql({ ...input, clientsOf: staffId }, args)},
-- Only this facilitator's own cases make up the caseload.
own_cases AS (
  SELECT race_ethnicity, gender, age_group, event FROM cases WHERE facilitator_id = ${args.add(staffId, 'text')}
)
-- One pass, three groupings.
SELECT CASE WHEN grouping(race_ethnicity) = 0 THEN 'race_ethnicity' WHEN grouping(gender) = 0 THEN 'gender' ELSE 'age_group' END AS dimension,
       coalesce(race_ethnicity, gender, age_group, 'unknown') AS key,
       count(*)::int AS n, (count(*) FILTER (WHERE event))::int AS events
FROM own_cases
GROUP BY GROUPING SETS ((race_ethnicity), (gender), (age_group))`;
  const { rows } = await warehouse.withClient((c) => c.query<CaseloadGroupRow>(text, args.values));
  return rows;
}

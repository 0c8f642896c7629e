// The agency's and one facilitator's cases and events in each period (figures, quarterly trend, certification).
import type { Warehouse } from '../../sql/db.ts';
import { cohortCasesSql, type CohortInput } from './cohortCases.ts';
import { SqlArgs } from './sqlArgs.ts';

export interface PeriodCountRow {
  period: string;
  n: number;
  events: number;
  facilitatorN: number;
  facilitatorEvents: number;
}

export async function getPeriodCounts(warehouse: Warehouse, input: CohortInput, staffId: string): Promise<PeriodCountRow[]> {
  const args = new SqlArgs();
  const facilitator = args.add(staffId, 'text');
  const text = `WITH ${cohortCasesSql(input, args)}
-- The agency line and the facilitator's own cases, period by period.
SELECT period, count(*)::int AS n, (count(*) FILTER (WHERE event))::int AS events,
       (count(*) FILTER (WHERE facilitator_id = ${facilitator}))::int AS "facilitatorN",
       (count(*) FILTER (WHERE facilitator_id = ${facilitator} AND event))::int AS "facilitatorEvents"
FROM cases
GROUP BY period`;
  const { rows } = await warehouse.withClient((c) => c.query<PeriodCountRow>(text, args.values));
  return rows;
}

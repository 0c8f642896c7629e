// One facilitator's cases and events in each period (figures, quarterly trend, certification). The agency's
// line beside it is the agency metric itself (getFacilitatorDetail.ts), so the two always agree.
import type { Warehouse } from '../../sql/db.ts';
import { cohortCasesSql, type CohortInput } from './cohortCases.ts';
import { SqlArgs } from './sqlArgs.ts';

export interface PeriodCountRow {
  period: string;
  n: number;
  events: number;
}

export async function getPeriodCounts(warehouse: Warehouse, input: CohortInput, staffId: string): Promise<PeriodCountRow[]> {
  const args = new SqlArgs();
  const text = `WITH ${cohortCasesSql({ ...input, clientsOf: staffId }, args)}
-- Only the facilitator's own cases, period by period (re-entry reads their clients' other exits to number them).
SELECT period, count(*)::int AS n, (count(*) FILTER (WHERE event))::int AS events
FROM cases
WHERE facilitator_id = ${args.add(staffId, 'text')}
GROUP BY period`;
  const { rows } = await warehouse.withClient((c) => c.query<PeriodCountRow>(text, args.values));
  return rows;
}

// The same counts as getFacilitatorCounts.ts's episodes query, read from the narrow case table
// (sql/marts/070_facilitator_cases.sql) when the request allows it (caseFilter.ts caseCountsAnswer). Each metric's
// cases sit in a covering index of their own, so a period's cases are read from it alone. The strata's
// agency-wide rates come from their month counts where the agency metric would read its month counts, else from
// the cases.
// tests/integration/metrics/facilitators/caseCounts.test.ts holds the two ways to the same figures.
import type { Client, Warehouse } from '../../sql/db.ts';
import { exitCountsSelection, wholeMonthsUnfiltered } from '../monthCounts.ts';
import type { CohortInput } from './cohortCases.ts';
import { caseFilter } from './caseFilter.ts';
import { getCaseGroupCounts } from './getCaseGroupCounts.ts';
import type { FacilitatorCountRow, FacilitatorCounts } from './getFacilitatorCounts.ts';
import { SqlArgs } from './sqlArgs.ts';

/** case_mix_month_counts.metric */
const metricCodes = { reentry: 1, 'successful-exits': 2, 'repeat-entries': 3 } as const;

/**
 * The strata's rates can be summed from case_mix_month_counts when the agency's exit or entry month counts could
 * answer the request (metrics/monthCounts.ts: whole months, for re-entry complete follow-up) and no facilitator
 * is left out.
 */
function monthCountsAnswer(input: CohortInput, leaveOut: string[]): boolean {
  const request = { ...input.periods[0], window: input.window, minStay: input.minStay, program: input.program, county: input.county, by: 'none' as const };
  // The case-mix month counts are the whole agency's: no filter (caseCountsAnswer refuses filters as well).
  if (leaveOut.length > 0 || !wholeMonthsUnfiltered(request)) return false;
  return input.metric === 'repeat-entries' || exitCountsSelection(input.metric, request, input.asOf) !== null;
}

export async function getCaseCounts(warehouse: Warehouse, input: CohortInput, leaveOut: string[]): Promise<FacilitatorCounts> {
  const groupBy = input.groupBy && input.groupBy !== 'none' ? input.groupBy : null;
  if (!groupBy) return { facilitators: await warehouse.withClient((c) => facilitatorCounts(c, input, leaveOut)), groups: [] };
  // With the heat map's cells: two statements at once on two connections, each kept to one process, so they share
  // the machine's cores instead of contending for them with parallel workers (PGlite runs one after the other).
  const serial = <T>(run: (c: Client) => Promise<T>) =>
    warehouse.transaction(async (c) => {
      await c.query('SET LOCAL max_parallel_workers_per_gather = 0');
      return run(c);
    });
  const [facilitators, groups] = await Promise.all([
    serial((c) => facilitatorCounts(c, input, leaveOut)),
    serial((c) => getCaseGroupCounts(c, input, groupBy, leaveOut)),
  ]);
  return { facilitators, groups };
}

/** Cases, events and expected events per facilitator. */
async function facilitatorCounts(client: Client, input: CohortInput, leaveOut: string[]): Promise<FacilitatorCountRow[]> {
  const args = new SqlArgs();
  const { from, to, window, stratum, counted, event } = caseFilter(input, leaveOut, args);
  const reentry = input.metric === 'reentry';
  // Re-entry's events within the window among the month counts' columns.
  const monthEvents = !reentry ? 'events' : `CASE ${window} WHEN 180 THEN reentered_180 WHEN 730 THEN reentered_730 ELSE events END`;
  const strata = monthCountsAnswer(input, leaveOut)
    ? `-- Each stratum's agency-wide rate from its month counts (every case of these whole months counts).
strata AS (
  SELECT stratum, sum(${monthEvents})::float8 / sum(cases) AS rate
  FROM case_mix_month_counts
  WHERE metric = ${args.add(metricCodes[input.metric], 'smallint')} AND month BETWEEN ${from} AND ${to}
    ${reentry ? `AND (prev_exit_month IS NULL OR prev_exit_month < ${from})` : ''}
  GROUP BY stratum
)`
    : `-- Each stratum's agency-wide rate over the counted cases.
strata AS (
  SELECT ${stratum('s')} AS stratum, avg(${event('s')}::int)::float8 AS rate
  FROM facilitator_cases s
  WHERE ${counted('s')}
  GROUP BY 1
)`;
  const text = `WITH ${strata},
-- The rates in stratum-number order (numbers run from 1 without gaps): a subscript per case costs less than a join.
rates AS (
  SELECT array_agg(coalesce(s.rate, 0) ORDER BY k.code) AS rate
  FROM case_mix_strata k
  LEFT JOIN strata s ON s.stratum = k.code
),
-- Indirect standardisation's E (metrics.md 8): each case expects its stratum's agency-wide rate.
facilitators AS (
  SELECT c.facilitator, count(*)::int AS n, (count(*) FILTER (WHERE ${event('c')}))::int AS events,
         sum((SELECT rate FROM rates)[${stratum('c')}]) AS expected
  FROM facilitator_cases c
  WHERE ${counted('c')}
  GROUP BY c.facilitator
)
SELECT k.staff_id AS "staffId", st.name, st.supervisor_id AS "supervisorId", f.n, f.events, f.expected
FROM facilitators f
JOIN facilitator_codes k ON k.code = f.facilitator
LEFT JOIN staff st ON st.staff_id = k.staff_id
ORDER BY k.staff_id COLLATE "C"`;
  const { rows } = await client.query<FacilitatorCountRow>(text, args.values);
  return rows;
}

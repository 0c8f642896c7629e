// Metric 1 (metrics.md): re-entry within a window after a community exit; the client is the unit.
import type { Warehouse } from '../../sql/db.ts';
import { commonArgs, dimensionSql, groupedCountsSql, periodExitsCte } from '../dimensions.ts';
import { getAsOf } from '../getAsOf.ts';
import { asOfOrToday, resolveParams } from '../params.ts';
import type { MetricParams, MetricResponse, ProportionEstimate } from '../types.ts';
import { firstExitSql } from './firstExit.ts';
import { proportionResponse, type CountRow } from './response.ts';

/** Each exit is counted under the first reason that applies, in this order. */
export const reentryExclusions = ['nonCommunityExit', 'shortStay', 'laterExitSameClient', 'incompleteFollowUp'] as const;

export async function getReentry(warehouse: Warehouse, params: MetricParams): Promise<MetricResponse<ProportionEstimate>> {
  const { asOf } = await getAsOf(warehouse);
  const resolved = resolveParams('reentry', params, asOf);
  const dim = dimensionSql(resolved.by, 'exit');
  const text = groupedCountsSql(
    `${periodExitsCte(dim)},
-- Only a community exit after a stay of at least minStay days can be followed for a re-entry.
eligibility AS (
  SELECT *, CASE WHEN NOT community_exit THEN 'nonCommunityExit' WHEN length_days < $3::int THEN 'shortStay' END AS ineligible
  FROM period_exits
),
-- The client is the unit: only the first eligible exit counts (metrics/proportions/firstExit.ts).
exit_order AS (
  SELECT *, ${firstExitSql(resolved, { partition: ['ineligible IS NULL'], periodFrom: '$1::date' })} AS first_exit
  FROM eligibility
),
-- Follow-up must be complete (end + window <= asOf); a re-entry is a start within the window after the exit, concurrent services are not.
cohort AS (
  SELECT key,
         CASE WHEN ineligible IS NOT NULL THEN ineligible
              WHEN NOT first_exit THEN 'laterExitSameClient'
              WHEN end_date + $6::int > $7::date THEN 'incompleteFollowUp' END AS exclusion,
         coalesce(days_to_next_entry <= $6::int, false) AS event
  FROM exit_order
)`,
    dim,
  );
  const args = [...commonArgs(resolved), resolved.window, asOfOrToday(asOf)];
  const { rows } = await warehouse.withClient((c) => c.query<CountRow>(text, args));
  return proportionResponse('reentry', resolved, asOf, rows, reentryExclusions);
}


// Metric 2 (metrics.md): successful exits among exits within the agency's control; the episode is the unit.
import type { Warehouse } from '../../sql/db.ts';
import { commonArgs, dimensionSql, groupedCountsSql, periodExitsCte } from '../dimensions.ts';
import { getAsOf } from '../getAsOf.ts';
import { resolveParams } from '../params.ts';
import type { MetricParams, MetricResponse, ProportionEstimate } from '../types.ts';
import { proportionResponse, type CountRow } from './response.ts';

export const successfulExitExclusions = ['outsideAgencyControl', 'shortStay'] as const;

export async function getSuccessfulExits(warehouse: Warehouse, params: MetricParams): Promise<MetricResponse<ProportionEstimate>> {
  const { asOf } = await getAsOf(warehouse);
  const resolved = resolveParams('successful-exits', params, asOf);
  const dim = dimensionSql(resolved.by, 'exit');
  const text = groupedCountsSql(
    `${periodExitsCte(dim)},
-- Moves and transfers are outside the agency's control, then stays under minStay are no-shows; success = completed or stepped down.
cohort AS (
  SELECT key,
         CASE WHEN NOT success_eligible THEN 'outsideAgencyControl' WHEN length_days < $3::int THEN 'shortStay' END AS exclusion,
         successful AS event
  FROM period_exits
)`,
    dim,
  );
  const { rows } = await warehouse.withClient((c) => c.query<CountRow>(text, commonArgs(resolved)));
  return proportionResponse('successful-exits', resolved, asOf, rows, successfulExitExclusions);
}

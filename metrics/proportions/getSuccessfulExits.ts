// Metric 2 (metrics.md): successful exits among exits within the agency's control; the episode is the unit.
import type { Warehouse } from '../../sql/db.ts';
import { commonArgs, dimensionSql, groupedCountsSql, periodExitsCte, type DimensionSql } from '../dimensions.ts';
import { getAsOf } from '../getAsOf.ts';
import { exitCountsSelection, monthCountsWhere } from '../monthCounts.ts';
import { resolveParams } from '../params.ts';
import type { MetricParams, MetricResponse, ProportionEstimate, ResolvedParams } from '../types.ts';
import { proportionResponse, type CountRow } from './response.ts';

export const successfulExitExclusions = ['outsideAgencyControl', 'shortStay'] as const;

export async function getSuccessfulExits(warehouse: Warehouse, params: MetricParams): Promise<MetricResponse<ProportionEstimate>> {
  const { asOf } = await getAsOf(warehouse);
  return successfulExitsAsOf(warehouse, resolveParams('successful-exits', params, asOf), asOf);
}

/** The metric for parameters already resolved against a known asOf (a caller asking for several periods). */
export async function successfulExitsAsOf(warehouse: Warehouse, resolved: ResolvedParams, asOf: string | null): Promise<MetricResponse<ProportionEstimate>> {
  const dim = dimensionSql(resolved.by, 'exit');
  const counted = exitCountsSelection('successful-exits', resolved, asOf);
  const [text, args] = counted
    ? [fromMonthCounts(dim), [counted.dimension, resolved.from, resolved.to, counted.keys]]
    : [fromEpisodes(dim), commonArgs(resolved)];
  const { rows } = await warehouse.withClient((c) => c.query<CountRow>(text, args));
  return proportionResponse('successful-exits', resolved, asOf, rows, successfulExitExclusions);
}

const fromEpisodes = (dim: DimensionSql) =>
  groupedCountsSql(
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

// Whole months ($2 first day .. $3 last day) of dimension $1 (keys $4), the default
// minStay (metrics/monthCounts.ts).
const fromMonthCounts = (dim: DimensionSql) =>
  groupedCountsSql(
    `-- The period's exits, counted per group, month and class (sql/marts/050_exit_month_counts.sql), excluded as above.
WITH cohort AS (
  SELECT key, CASE WHEN NOT success_eligible THEN 'outsideAgencyControl' WHEN short_stay THEN 'shortStay' END AS exclusion,
         exits AS n, successful AS events
  FROM exit_month_counts
  WHERE ${monthCountsWhere(4)} AND exit_month BETWEEN $2::date AND $3::date
)`,
    dim,
    'summed',
  );

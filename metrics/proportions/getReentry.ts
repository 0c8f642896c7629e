// Metric 1 (metrics.md): re-entry within a window after a community exit; the client is the unit.
import type { Warehouse } from '../../sql/db.ts';
import { commonArgs, dimensionSql, groupedCountsSql, periodExitsCte, type DimensionSql } from '../dimensions.ts';
import { getAsOf } from '../getAsOf.ts';
import { exitCountsSelection, monthCountsWhere } from '../monthCounts.ts';
import { asOfOrToday, resolveParams } from '../params.ts';
import type { MetricParams, MetricResponse, ProportionEstimate, ResolvedParams } from '../types.ts';
import { firstExitSql } from './firstExit.ts';
import { proportionResponse, type CountRow } from './response.ts';

/** Each exit is counted under the first reason that applies, in this order. */
export const reentryExclusions = ['nonCommunityExit', 'shortStay', 'laterExitSameClient', 'incompleteFollowUp'] as const;

export async function getReentry(warehouse: Warehouse, params: MetricParams): Promise<MetricResponse<ProportionEstimate>> {
  const { asOf } = await getAsOf(warehouse);
  return reentryAsOf(warehouse, resolveParams('reentry', params, asOf), asOf);
}

/** The metric for parameters already resolved against a known asOf (a caller asking for several periods). */
export async function reentryAsOf(warehouse: Warehouse, resolved: ResolvedParams, asOf: string | null): Promise<MetricResponse<ProportionEstimate>> {
  const dim = dimensionSql(resolved.by, 'exit');
  const counted = exitCountsSelection('reentry', resolved, asOf);
  const [text, args] = counted
    ? [fromMonthCounts(dim), [counted.dimension, resolved.from, resolved.to, resolved.window, counted.keys]]
    : [fromEpisodes(dim, resolved), [...commonArgs(resolved), resolved.window, asOfOrToday(asOf)]];
  const { rows } = await warehouse.withClient((c) => c.query<CountRow>(text, args));
  return proportionResponse('reentry', resolved, asOf, rows, reentryExclusions);
}

const fromEpisodes = (dim: DimensionSql, resolved: ResolvedParams) =>
  groupedCountsSql(
    `${periodExitsCte(dim, 'marked')},
-- Only a community exit after a stay of at least minStay days can be followed for a re-entry.
eligibility AS (
  SELECT *, CASE WHEN NOT community_exit THEN 'nonCommunityExit' WHEN length_days < $3::int THEN 'shortStay' END AS ineligible
  FROM period_exits
),
-- The client is the unit: only the first eligible exit counts, from any program (metrics/proportions/firstExit.ts).
exit_order AS (
  SELECT *, ${firstExitSql(resolved, { partition: ['ineligible IS NULL'], periodFrom: '$1::date' })} AS first_exit
  FROM eligibility
),
-- The chosen programs' and counties' exits; follow-up must be complete (end + window <= asOf); a re-entry is a start within the window after the exit, concurrent services are not.
cohort AS (
  SELECT key,
         CASE WHEN ineligible IS NOT NULL THEN ineligible
              WHEN NOT first_exit THEN 'laterExitSameClient'
              WHEN end_date + $6::int > $7::date THEN 'incompleteFollowUp' END AS exclusion,
         coalesce(days_to_next_entry <= $6::int, false) AS event
  FROM exit_order
  WHERE chosen
)`,
    dim,
  );

// Whole months ($2 first day .. $3 last day) of dimension $1 (keys $5), window $4; every exit here has complete
// follow-up (metrics/monthCounts.ts).
const fromMonthCounts = (dim: DimensionSql) =>
  groupedCountsSql(
    `-- The period's exits, counted per group, month and class (sql/marts/050_exit_month_counts.sql).
WITH cohort AS (
  -- The exclusions above in their order; an eligible exit is a later one when the client's previous eligible exit
  -- (from any program) falls in the period ($2 is a month's first day, so its month is enough).
  SELECT key,
         CASE WHEN NOT community_exit THEN 'nonCommunityExit' WHEN short_stay THEN 'shortStay'
              WHEN prev_exit_month >= $2::date THEN 'laterExitSameClient' END AS exclusion,
         exits AS n, CASE $4::int WHEN 180 THEN reentered_180 WHEN 365 THEN reentered_365 ELSE reentered_730 END AS events
  FROM exit_month_counts
  WHERE ${monthCountsWhere(5)} AND exit_month BETWEEN $2::date AND $3::date
)`,
    dim,
    'summed',
  );

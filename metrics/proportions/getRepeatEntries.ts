// Metric 3 (metrics.md): entries in the period that follow an exit of the same client within 365 days.
import type { Warehouse } from '../../sql/db.ts';
import { dimensionSql, filterArgs, filtersSqlAt, groupedCountsSql, type DimensionSql } from '../dimensions.ts';
import { getAsOf } from '../getAsOf.ts';
import { entryCountsSelection, monthCountsWhere } from '../monthCounts.ts';
import { resolveParams } from '../params.ts';
import type { MetricParams, MetricResponse, ProportionEstimate, ResolvedParams } from '../types.ts';
import { proportionResponse, type CountRow } from './response.ts';

/** A repeat entry starts at most this many days after the client's previous exit (sql/marts/060_entry_month_counts.sql counts the same). */
export const repeatEntryDays = 365;

export async function getRepeatEntries(warehouse: Warehouse, params: MetricParams): Promise<MetricResponse<ProportionEstimate>> {
  const { asOf } = await getAsOf(warehouse);
  return repeatEntriesAsOf(warehouse, resolveParams('repeat-entries', params, asOf), asOf);
}

/** The metric for parameters already resolved against a known asOf (a caller asking for several periods). */
export async function repeatEntriesAsOf(warehouse: Warehouse, resolved: ResolvedParams, asOf: string | null): Promise<MetricResponse<ProportionEstimate>> {
  const dim = dimensionSql(resolved.by, 'entry');
  const counted = entryCountsSelection(resolved);
  const [text, args] = counted
    ? [fromMonthCounts(dim), [counted.dimension, resolved.from, resolved.to, counted.keys]]
    : [fromEpisodes(dim), [resolved.from, resolved.to, ...filterArgs(resolved), repeatEntryDays]];
  const { rows } = await warehouse.withClient((c) => c.query<CountRow>(text, args));
  return proportionResponse('repeat-entries', resolved, asOf, rows, []);
}

const fromEpisodes = (dim: DimensionSql) =>
  groupedCountsSql(
    `-- Entries in the period into the chosen programs and counties; no minimum stay applies.
WITH period_entries AS (
  SELECT f.*, ${dim.key} AS key
  FROM episode_facts f
  WHERE f.start_date BETWEEN $1::date AND $2::date
    AND ${filtersSqlAt(3, 4)}
),
-- A repeat entry: the client's latest exit strictly before this start ended at most 365 days earlier.
cohort AS (
  SELECT key, NULL::text AS exclusion, coalesce(days_since_prev_end <= $5::int, false) AS event
  FROM period_entries
)`,
    dim,
  );

// Whole months ($2 first day .. $3 last day) of dimension $1 (keys $4) (metrics/monthCounts.ts).
const fromMonthCounts = (dim: DimensionSql) =>
  groupedCountsSql(
    `-- The period's entries and repeat entries, counted per group and month (sql/marts/060_entry_month_counts.sql).
WITH cohort AS (
  SELECT key, NULL::text AS exclusion, entries AS n, repeat_entries AS events
  FROM entry_month_counts
  WHERE ${monthCountsWhere(4)} AND start_month BETWEEN $2::date AND $3::date
)`,
    dim,
    'summed',
  );

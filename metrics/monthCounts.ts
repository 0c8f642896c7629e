// When a request can be answered from the month counts (sql/marts/050_exit_month_counts.sql,
// 060_entry_month_counts.sql) instead of the episodes: the dashboard's usual request is whole calendar
// months for the whole agency or one filter (programs or counties, each counted as a dimension), and those
// sum a few thousand pre-counted rows instead of reading a year of episodes. Every other request (dates
// inside a month, both filters, a filter with another grouping, another minimum stay) reads episode_facts;
// tests/integration/metrics/monthCounts.test.ts holds the two ways to the same figures.
import type { Client } from '../sql/db.ts';
import { filterArgs, lowerKeys } from './dimensions.ts';
import { addDays } from './params.ts';
import type { Dimension, ResolvedParams } from './types.ts';

/** What decides it: the period, filters, minimum stay, grouping and, for re-entry, the window. */
type Request = Pick<ResolvedParams, 'from' | 'to' | 'window' | 'minStay' | 'program' | 'county' | 'by'>;

/**
 * The minimum stay the marts classify stays by (metrics.md's default): short_stay in sql/marts/050 and the
 * previous eligible exit in 010 (metrics/proportions/firstExit.ts). Requests with another one read the episodes.
 */
export const martMinStay = 8;

/** Earlier exits further back than this are not kept apart by the exit counts (prev_exit_month is null). */
const longestReentryPeriod = 24;

/** Time in services per day per staff member would be as many rows as episodes: not counted by month. */
const entryDimensions: readonly Dimension[] = ['none', 'program', 'age_group', 'county', 'race_ethnicity', 'gender', 'primary_language'];

function monthsSpanned(p: { from: string; to: string }): number {
  const [fy, fm] = p.from.split('-').map(Number);
  const [ty, tm] = p.to.split('-').map(Number);
  return (ty - fy) * 12 + tm - fm + 1;
}

/** From the first day of a month to the last day of a month. */
function wholeMonths(p: Pick<Request, 'from' | 'to'>): boolean {
  return p.from.endsWith('-01') && addDays(p.to, 1).endsWith('-01') && p.from <= p.to;
}

/** Whole months for the whole agency (no program or county filter). */
export function wholeMonthsUnfiltered(p: Pick<Request, 'from' | 'to' | 'program' | 'county'>): boolean {
  return p.program.length === 0 && p.county.length === 0 && wholeMonths(p);
}

/**
 * The month counts' rows that answer a request: `dimension` (its grouping, or the one filter's), restricted to
 * `keys` (the filter's lower-cased keys; none = every group). Ungrouped, the metric sums every row it gets. Null
 * when the counts cannot answer it.
 */
export interface MonthCountsSelection {
  dimension: Dimension;
  keys: string[];
}

export function monthCountsSelection(p: Pick<Request, 'from' | 'to' | 'program' | 'county' | 'by'>): MonthCountsSelection | null {
  if (!wholeMonths(p)) return null;
  const [programs, counties] = filterArgs(p);
  if (programs.length === 0 && counties.length === 0) return { dimension: p.by, keys: [] };
  // One filter, and no grouping but by that filter's own dimension: the filter's groups of that dimension.
  const only: Dimension | null = counties.length === 0 ? 'program' : programs.length === 0 ? 'county' : null;
  if (!only || (p.by !== 'none' && p.by !== only)) return null;
  return { dimension: only, keys: only === 'program' ? programs : counties };
}

/** A month-count mart's rows of the selection: its dimension in $1, its keys in the parameter given. */
export function monthCountsWhere(keysParam: number): string {
  return `dimension = $1 AND (cardinality($${keysParam}::text[]) = 0 OR key = ANY(${lowerKeys(keysParam)}))`;
}

/**
 * Re-entry and successful exits from exit_month_counts: whole months, at most one filter, the default minimum
 * stay; for re-entry also a period of at most 24 months whose every exit has complete follow-up by asOf.
 * The rows that answer the request, or null when the episodes must.
 */
export function exitCountsSelection(metric: 'reentry' | 'successful-exits', p: Request, asOf: string | null): MonthCountsSelection | null {
  const selection = monthCountsSelection(p);
  if (!selection || p.minStay !== martMinStay) return null;
  if (metric === 'successful-exits') return selection;
  const followedUp = asOf !== null && p.window !== undefined && monthsSpanned(p) <= longestReentryPeriod && addDays(p.to, p.window) <= asOf;
  return followedUp ? selection : null;
}

/** Repeat entries from entry_month_counts: whole months, at most one filter, a dimension it is counted by. */
export function entryCountsSelection(p: Request): MonthCountsSelection | null {
  const selection = monthCountsSelection(p);
  return selection && entryDimensions.includes(selection.dimension) ? selection : null;
}

/**
 * Time in services from entry_month_counts: as for repeat entries, and no date in the warehouse after asOf
 * (the counts keep each closed episode's length; the episodes' query censors at asOf whatever ends later).
 * Asked on the caller's connection, which then runs the life-table query.
 */
export async function lifeTableCountsSelection(client: Client, p: Request, asOf: string): Promise<MonthCountsSelection | null> {
  const selection = entryCountsSelection(p);
  if (!selection) return null;
  const { rows } = await client.query<{ later: boolean }>(
    `-- Any start or end after asOf? (A delta import with an earlier as-of date than the records it kept.)
SELECT coalesce((SELECT max(end_date) FROM episode_facts) > $1::date, false)
    OR coalesce((SELECT max(start_date) FROM episode_facts) > $1::date, false) AS later`,
    [asOf],
  );
  return rows[0].later ? null : selection;
}

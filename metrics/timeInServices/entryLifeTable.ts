// Life-table counts of the entry cohort (metrics.md 4): exits and censored
// episodes per group and duration, aggregated in the database.
import type { Warehouse } from '../../sql/db.ts';
import { commonArgs, dimensionSql, filtersSql } from '../dimensions.ts';
import { lifeTableCountsSelection, monthCountsWhere } from '../monthCounts.ts';
import type { Dimension } from '../types.ts';

export interface EntryLifeTableQuery {
  from: string;
  to: string;
  minStay: number;
  program: string[];
  county: string[];
  asOf: string;
  by: Dimension;
}

/** One duration of one group (`key` null when by = none: the whole cohort); `shortStay` rows are no-shows, left out of the estimate. */
export interface EntryLifeTableRow {
  key: string | null;
  label: string | null;
  shortStay: boolean;
  t: number;
  events: number;
  censored: number;
}

// Unordered on purpose: Kaplan-Meier sorts durations itself, and sorting text keys here tripled the time.
// One grouping, not GROUPING SETS with the whole cohort: summing a few thousand rows in the caller is cheaper than a second pass.
const entryLifeTableSql = (by: Dimension) =>
  lifeTableSql(
    by,
    `-- Entry cohort: episodes that started in [from, to] (bounds inclusive) by asOf, within the filters.
WITH cohort AS (
  SELECT ${dimensionSql(by, 'entry').key} AS key, f.start_date, f.end_date
  FROM episode_facts f
  WHERE f.start_date BETWEEN $1::date AND $2::date
    AND f.start_date <= $6::date
    AND ${filtersSql}
),
-- Time in services: end - start for an exit by asOf (event), asOf - start while open (censored).
timed AS (
  SELECT key,
         CASE WHEN f.end_date <= $6::date THEN f.end_date - f.start_date ELSE $6::date - f.start_date END AS t,
         coalesce(f.end_date <= $6::date, false) AS exited
  FROM cohort f
),
-- No-shows: exits after fewer than minStay days are counted apart (excluded); open episodes stay in, they may yet last.
flagged AS (
  SELECT key, t, exited, exited AND t < $3 AS short_stay FROM timed
)`,
    'each row',
  );

// Whole months ($2 first day .. $3 last day) of dimension $1 (keys $6), asOf $4, minStay $5
// (metrics/monthCounts.ts).
const monthLifeTableSql = (by: Dimension) =>
  lifeTableSql(
    by,
    `-- The period's entries, counted per group, month and duration (sql/marts/060_entry_month_counts.sql): a closed
-- episode's length is its time in services (an exit, none after asOf here), an open one runs to asOf (censored).
WITH cohort AS (
  SELECT key, coalesce(length_days, $4::date - open_start) AS t, length_days IS NOT NULL AS exited, entries
  FROM entry_month_counts
  WHERE ${monthCountsWhere(6)} AND start_month BETWEEN $2::date AND $3::date
),
-- No-shows as above.
flagged AS (
  SELECT key, t, exited, exited AND t < $5::int AS short_stay, entries FROM cohort
)`,
    'summed',
  );

/** Closes CTEs ending in `flagged (key, t, exited, short_stay)`, one row per episode, or with `summed` also `entries`. */
function lifeTableSql(by: Dimension, ctes: string, counted: 'each row' | 'summed'): string {
  const dim = dimensionSql(by, 'entry');
  const [events, censored] =
    counted === 'summed'
      ? ['coalesce(sum(entries) FILTER (WHERE exited), 0)', 'coalesce(sum(entries) FILTER (WHERE NOT exited), 0)']
      : ['count(*) FILTER (WHERE exited)', 'count(*) FILTER (WHERE NOT exited)'];
  return `${ctes},
-- Additive counts per group and duration (the whole cohort is their sum, added up by the caller).
life_table AS (
  SELECT key, short_stay, t, (${events})::int AS events, (${censored})::int AS censored
  FROM flagged
  GROUP BY key, short_stay, t
)
SELECT ${by === 'none' ? 'NULL::text' : "coalesce(g.key, 'unknown')"} AS key,
       ${dim.label} AS label, g.short_stay AS "shortStay", g.t, g.events, g.censored
FROM life_table g
${dim.labelJoin}`;
}

/** Life-table rows of each group (of the whole cohort, key null, when by = none), short stays flagged. */
export async function getEntryLifeTable(warehouse: Warehouse, q: EntryLifeTableQuery): Promise<EntryLifeTableRow[]> {
  return warehouse.withClient(async (c) => {
    const counted = await lifeTableCountsSelection(c, q, q.asOf);
    const [text, args] = counted
      ? [monthLifeTableSql(q.by), [counted.dimension, q.from, q.to, q.asOf, q.minStay, counted.keys]]
      : [entryLifeTableSql(q.by), [...commonArgs(q), q.asOf]];
    return (await c.query<EntryLifeTableRow>(text, args)).rows;
  });
}

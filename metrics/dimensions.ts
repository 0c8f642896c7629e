// The SQL for grouping the outcome mart (episode_facts, alias f) by a dimension.
// Only these fixed expressions reach the SQL text; values always go as parameters.
import type { Dimension } from './types.ts';

/** Exit-based measures take the age group at exit; entry-based ones at start. */
export type CohortView = 'exit' | 'entry';

export interface DimensionSql {
  /** Expression over f giving the group key (text). */
  key: string;
  /** Join on the grouped rows (alias g) that brings a stored label, and the label expression. */
  labelJoin: string;
  label: string;
}

export function dimensionSql(by: Dimension, view: CohortView): DimensionSql {
  const none = { labelJoin: '', label: 'NULL::text' };
  switch (by) {
    case 'none':
      return { key: 'NULL::text', ...none };
    case 'facilitator':
      return { key: 'f.facilitator_id', labelJoin: 'LEFT JOIN staff l ON l.staff_id = g.key', label: 'l.name' };
    case 'supervisor':
      return { key: "coalesce(f.supervisor_id, 'unknown')", labelJoin: 'LEFT JOIN staff l ON l.staff_id = g.key', label: 'l.name' };
    case 'program':
      return { key: 'f.program', labelJoin: 'LEFT JOIN program_labels l ON l.program = g.key', label: 'l.label' };
    case 'age_group':
      return { key: view === 'exit' ? 'f.age_group_at_exit' : 'f.age_group_at_start', ...none };
    case 'county':
      return { key: 'f.county', labelJoin: 'LEFT JOIN county_counts l ON l.county = g.key', label: 'l.label' };
    case 'race_ethnicity':
      return { key: 'f.race_ethnicity', ...none };
    case 'gender':
      return { key: 'f.gender', ...none };
    case 'primary_language':
      return { key: 'f.primary_language', ...none };
  }
}

/** The program and county filters over f, given the numbers of their array parameters; empty = all. */
export function filtersSqlAt(programParam: number, countyParam: number): string {
  return `(cardinality($${programParam}::text[]) = 0 OR f.program = ANY(${lowerKeys(programParam)}))
    AND (cardinality($${countyParam}::text[]) = 0 OR f.county = ANY(${lowerKeys(countyParam)}))`;
}

/**
 * A filter's values as keys: lower-cased by the database, as the marts made the keys (sql/marts/010 lower()), not
 * by JavaScript, whose lower case differs for some letters (İ) and with the database's collation.
 */
export function lowerKeys(param: number): string {
  return `ARRAY(SELECT lower(v) FROM unnest($${param}::text[]) v)`;
}

/** Programs and counties, trimmed: the database lower-cases them (lowerKeys) to compare with the stored keys. */
export function filterArgs(p: { program: string[]; county: string[] }): [string[], string[]] {
  return [p.program.map((x) => x.trim()), p.county.map((x) => x.trim())];
}

/**
 * Closes a query whose last CTE is `cohort (key, exclusion, event)`, one row per record, or with `summed`
 * `cohort (key, exclusion, n, events)`, rows of pre-counted records (the month counts): counts per group
 * and exclusion reason, with the stored label of staff and programs.
 */
export function groupedCountsSql(ctes: string, dim: DimensionSql, counted: 'each row' | 'summed' = 'each row'): string {
  const [n, events] = counted === 'summed' ? ['sum(n)', 'sum(events)'] : ['count(*)', 'count(*) FILTER (WHERE event)'];
  return `${ctes},
-- Additive counts per group and exclusion reason (exclusion null = in the denominator).
counts AS (
  SELECT key, exclusion, (${n})::int AS n, (${events})::int AS events
  FROM cohort
  GROUP BY key, exclusion
)
SELECT g.key, g.exclusion, g.n, g.events, ${dim.label} AS label
FROM counts g
${dim.labelJoin}`;
}

/** The filters with programs in $4 and counties in $5 (the numbering of commonArgs). */
export const filtersSql = filtersSqlAt(4, 5);

/**
 * The first CTE of an exit-cohort query: exits in the period ($1..$2) with the group key, from the chosen programs
 * and counties; or, `marked`, from all of them with `chosen` telling which (re-entry picks each client's first exit
 * among all, then filters).
 */
export function periodExitsCte(dim: DimensionSql, filters: 'where' | 'marked' = 'where'): string {
  return `-- Exits in the period ${filters === 'where' ? 'from the chosen programs and counties' : 'and whether they are from the chosen programs and counties'}.
WITH period_exits AS (
  SELECT f.episode_id, f.client_id, f.end_date, f.length_days, f.community_exit, f.success_eligible, f.successful,
         f.days_to_next_entry, f.prev_eligible_end, ${dim.key} AS key${filters === 'marked' ? `, ${filtersSql} AS chosen` : ''}
  FROM episode_facts f
  WHERE f.end_date BETWEEN $1::date AND $2::date${filters === 'where' ? `
    AND ${filtersSql}` : ''}
)`;
}

/** The positional parameters $1..$5: from, to, minStay, program keys, counties. */
export function commonArgs(p: { from: string; to: string; minStay: number; program: string[]; county: string[] }): unknown[] {
  return [p.from, p.to, p.minStay, ...filterArgs(p)];
}

// The same counts as getFacilitatorCounts.ts's episodes query, read from the narrow case table
// (sql/marts/070_facilitator_cases.sql) when the request allows it: no program or county filter, the default
// minimum stay, one period, all facilitators. The strata's agency-wide rates come from their month counts for
// whole months, else from the cases. tests/integration/metrics/facilitators/caseCounts.test.ts holds the
// two ways to the same figures.
import type { Warehouse } from '../../sql/db.ts';
import { martMinStay, wholeMonthsUnfiltered } from '../monthCounts.ts';
import { addDays } from '../params.ts';
import { dimensionSql } from '../dimensions.ts';
import type { CohortInput } from './cohortCases.ts';
import type { FacilitatorCountRow, FacilitatorGroupCountRow, PendingCounts } from './getFacilitatorCounts.ts';
import { SqlArgs } from './sqlArgs.ts';

/** case_mix_month_counts.metric */
const metricCodes = { reentry: 1, 'successful-exits': 2, 'repeat-entries': 3 } as const;

/** A group's number on a case (alias c) and where its key is: program and age group come with the stratum. */
const groupCodes = {
  program: { code: 'stratum', key: 'd.program', join: 'case_mix_strata d ON d.code = g.code' },
  age_group: { code: 'stratum', key: 'd.age_group', join: 'case_mix_strata d ON d.code = g.code' },
  county: { code: 'c.county', key: 'd.key', join: "case_groups d ON d.dimension = 'county' AND d.code = g.code" },
  race_ethnicity: { code: 'c.race_ethnicity', key: 'd.key', join: "case_groups d ON d.dimension = 'race_ethnicity' AND d.code = g.code" },
  gender: { code: 'c.gender', key: 'd.key', join: "case_groups d ON d.dimension = 'gender' AND d.code = g.code" },
  primary_language: { code: 'c.primary_language', key: 'd.key', join: "case_groups d ON d.dimension = 'primary_language' AND d.code = g.code" },
} as const;

/** Each metric's cases among the episodes (alias a): the date that places them, the stratum, the case and the event. */
const metricColumns = {
  reentry: { date: 'end_date', stratum: 'exit_stratum', counted: 'reentry_case', event: '' },
  'successful-exits': { date: 'end_date', stratum: 'exit_stratum', counted: 'success_case', event: 'successful' },
  'repeat-entries': { date: 'start_date', stratum: 'entry_stratum', counted: '', event: 'repeat_entry' },
} as const;

/** True when the case table holds exactly the request's cases. */
export function caseCountsAnswer(input: CohortInput): boolean {
  return (
    input.periods.length === 1 &&
    !input.clientsOf &&
    input.program.length === 0 &&
    input.county.length === 0 &&
    // Repeat entries take no minimum stay; the exits' cases were kept at the default one.
    (input.metric === 'repeat-entries' || input.minStay === martMinStay)
  );
}

/** The strata's rates can be summed from case_mix_month_counts: whole months whose every case counts. */
function monthCountsAnswer(input: CohortInput, leaveOut: string[]): boolean {
  const [period] = input.periods;
  if (leaveOut.length > 0 || !wholeMonthsUnfiltered({ ...period, program: [], county: [] })) return false;
  if (input.metric !== 'reentry') return true;
  // Re-entry's follow-up must be complete for every exit of the period.
  return input.asOf !== null && addDays(period.to, input.window ?? 365) <= input.asOf;
}

/**
 * The request's placeholders in one statement's arguments: its cases among the rows of an alias (the period,
 * re-entry's first exit per client by the stored previous eligible exit, metrics/proportions/firstExit.ts, with
 * complete follow-up; no left-out facilitator) and a case's event.
 */
function caseSql(input: CohortInput, leaveOut: string[], args: SqlArgs) {
  const [period] = input.periods;
  const reentry = input.metric === 'reentry';
  const columns = metricColumns[input.metric];
  const [from, to] = [args.add(period.from, 'date'), args.add(period.to, 'date')];
  const window = reentry ? args.add(input.window ?? 365, 'int') : '';
  const followedUntil = reentry ? `coalesce(${args.add(input.asOf, 'date')}, ${to})` : '';
  const leftOut = leaveOut.length ? `ARRAY(SELECT code FROM facilitator_codes WHERE staff_id = ANY (${args.add(leaveOut, 'text[]')}))` : '';
  return {
    from,
    to,
    window,
    stratum: (a: string) => `${a}.${columns.stratum}`,
    counted: (a: string) =>
      [
        `${a}.${columns.date} BETWEEN ${from} AND ${to}`,
        columns.counted ? `${a}.${columns.counted}` : '',
        reentry ? `(${a}.prev_eligible_end IS NULL OR ${a}.prev_eligible_end < ${from}) AND ${a}.end_date + ${window} <= ${followedUntil}` : '',
        leftOut ? `${a}.facilitator <> ALL (${leftOut})` : '',
      ]
        .filter(Boolean)
        .join('\n    AND '),
    event: (a: string) => (reentry ? `coalesce(${a}.days_to_next_entry <= ${window}, false)` : `${a}.${columns.event}`),
  };
}

export async function getCaseCounts(warehouse: Warehouse, input: CohortInput, leaveOut: string[]): Promise<PendingCounts> {
  const reentry = input.metric === 'reentry';
  const facilitatorArgs = new SqlArgs();
  const { from, to, window, stratum, counted, event } = caseSql(input, leaveOut, facilitatorArgs);
  // Re-entry's events within the window from the month counts' columns; the other metrics' events.
  const monthEvents = !reentry ? 'events' : `CASE ${window} WHEN 180 THEN reentered_180 WHEN 730 THEN reentered_730 ELSE events END`;
  const strata = monthCountsAnswer(input, leaveOut)
    ? `-- Each stratum's agency-wide rate from its month counts (every case of these whole months counts).
strata AS (
  SELECT stratum, sum(${monthEvents})::float8 / sum(cases) AS rate
  FROM case_mix_month_counts
  WHERE metric = ${facilitatorArgs.add(metricCodes[input.metric], 'smallint')} AND month BETWEEN ${from} AND ${to}
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
  const facilitatorsText = `WITH ${strata},
-- Indirect standardisation's E (metrics.md 8): each case expects its stratum's agency-wide rate.
facilitators AS (
  SELECT c.facilitator, count(*)::int AS n, (count(*) FILTER (WHERE ${event('c')}))::int AS events, sum(s.rate) AS expected
  FROM facilitator_cases c
  JOIN strata s ON s.stratum = ${stratum('c')}
  WHERE ${counted('c')}
  GROUP BY c.facilitator
)
SELECT k.staff_id AS "staffId", st.name, st.supervisor_id AS "supervisorId", f.n, f.events, f.expected
FROM facilitators f
JOIN facilitator_codes k ON k.code = f.facilitator
LEFT JOIN staff st ON st.staff_id = k.staff_id
ORDER BY k.staff_id COLLATE "C"`;
  const groupBy = input.groupBy && input.groupBy !== 'none' ? input.groupBy : null;
  // The heat map's cells in a second statement on another connection: PostgreSQL counts them while the caller
  // compares the facilitators (PGlite answers one statement after the other).
  const groups = groupBy ? getGroupCounts(warehouse, input, groupBy, leaveOut) : Promise.resolve([]);
  // Settled here too, so a failure is not unhandled while the facilitators' statement is awaited.
  groups.catch(() => undefined);
  const { rows } = await warehouse.withClient((c) => c.query<FacilitatorCountRow>(facilitatorsText, facilitatorArgs.values));
  return { facilitators: rows, groups };
}

/** Each facilitator's cases per client group: the heat map's cells, which add up to the facilitator's n and events. */
async function getGroupCounts(warehouse: Warehouse, input: CohortInput, groupBy: keyof typeof groupCodes, leaveOut: string[]): Promise<FacilitatorGroupCountRow[]> {
  const args = new SqlArgs();
  const { stratum, counted, event } = caseSql(input, leaveOut, args);
  const group = groupCodes[groupBy];
  const label = dimensionSql(groupBy, input.metric === 'repeat-entries' ? 'entry' : 'exit');
  const text = `-- Counted by the group's number first (integers group fastest), then keyed.
WITH cells AS (
  SELECT c.facilitator, ${group.code === 'stratum' ? stratum('c') : group.code} AS code,
         count(*)::int AS n, (count(*) FILTER (WHERE ${event('c')}))::int AS events
  FROM facilitator_cases c
  WHERE ${counted('c')}
  GROUP BY 1, 2
),
keyed AS (
  SELECT g.facilitator, ${group.key} AS key, sum(g.n)::int AS n, sum(g.events)::int AS events
  FROM cells g
  JOIN ${group.join}
  GROUP BY 1, 2
)
SELECT k.staff_id AS "staffId", g.key AS "groupKey", ${label.label} AS "groupLabel", g.n, g.events
FROM keyed g
JOIN facilitator_codes k ON k.code = g.facilitator
${label.labelJoin}
ORDER BY k.staff_id COLLATE "C", g.key COLLATE "C"`;
  const { rows } = await warehouse.withClient((c) => c.query<FacilitatorGroupCountRow>(text, args.values));
  return rows;
}

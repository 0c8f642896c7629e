// Which requests the facilitator case table (sql/marts/070_facilitator_cases.sql) answers, and the SQL that picks
// a request's cases from it, shared by the comparison's two statements (getCaseCounts.ts, getCaseGroupCounts.ts).
import { martMinStay } from '../monthCounts.ts';
import type { CohortInput } from './cohortCases.ts';
import type { SqlArgs } from './sqlArgs.ts';

/** Each metric's cases among the episodes: the date that places them, the stratum, which are cases, the event. */
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

/**
 * The request's placeholders in one statement's arguments, and its cases among the rows of an alias: the period,
 * re-entry's first eligible exit per client (the stored previous eligible exit, metrics/proportions/firstExit.ts)
 * with complete follow-up, no left-out facilitator.
 */
export function caseFilter(input: CohortInput, leaveOut: string[], args: SqlArgs) {
  const [period] = input.periods;
  const columns = metricColumns[input.metric];
  const reentry = input.metric === 'reentry';
  const [from, to] = [args.add(period.from, 'date'), args.add(period.to, 'date')];
  const window = reentry ? args.add(input.window ?? 365, 'int') : '';
  // Follow-up complete: the exit plus the window on or before asOf, written as a range of exit dates (an index bound).
  const lastExit = reentry ? `coalesce(${args.add(input.asOf, 'date')}, ${to}) - ${window}` : '';
  const leftOut = leaveOut.length ? `ARRAY(SELECT code FROM facilitator_codes WHERE staff_id = ANY (${args.add(leaveOut, 'text[]')}))` : '';
  return {
    from,
    to,
    window,
    /** The case's stratum column. */
    stratum: (a: string) => `${a}.${columns.stratum}`,
    counted: (a: string) =>
      [
        `${a}.${columns.date} BETWEEN ${from} AND ${to}`,
        columns.counted ? `${a}.${columns.counted}` : '',
        reentry ? `(${a}.prev_eligible_end IS NULL OR ${a}.prev_eligible_end < ${from}) AND ${a}.end_date <= ${lastExit}` : '',
        leftOut ? `${a}.facilitator <> ALL (${leftOut})` : '',
      ]
        .filter(Boolean)
        .join('\n    AND '),
    event: (a: string) => (reentry ? `coalesce(${a}.days_to_next_entry <= ${window}, false)` : `${a}.${columns.event}`),
  };
}

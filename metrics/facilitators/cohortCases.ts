// The counted cases of a proportion metric (metrics.md sections 1-3), one row per case with the
// facilitator and the case-mix columns, for one or several periods at once. The rules are those of
// metrics/proportions/get*.ts, which tests/integration/metrics/facilitators checks figure for figure.
import { dimensionSql, filterArgs, filtersSqlAt } from '../dimensions.ts';
import type { FacilitatorGroupDimension } from '../params.ts';
import type { ProportionMetric, ReentryWindow } from '../types.ts';
import { firstExitSql } from '../proportions/firstExit.ts';
import { repeatEntryDays } from '../proportions/getRepeatEntries.ts';
import type { SqlArgs } from './sqlArgs.ts';

/** A reporting period: inclusive dates, and the key its cases carry (a quarter, 'before', ...). */
export interface Period {
  key: string;
  from: string;
  to: string;
}

export interface CohortInput {
  metric: ProportionMetric;
  periods: Period[];
  minStay: number;
  /** Re-entry only; 365 when omitted. */
  window?: ReentryWindow;
  program: string[];
  county: string[];
  /** Follow-up for re-entry must be complete by this date; null = the end of each period. */
  asOf: string | null;
  /** Only the cases one facilitator's own figures depend on: their clients' exits (re-entry), their episodes (the others). */
  clientsOf?: string;
  /** A client or episode dimension whose value each case carries as `group_key` (the heat map's columns); null without. */
  groupBy?: FacilitatorGroupDimension;
}

/**
 * CTE definitions (without WITH) ending in
 * `cases (period, facilitator_id, program, age_group, prior_bucket, race_ethnicity, gender, group_key, cohort_date, event)`.
 * Age group is taken at exit for the exit measures and at start for repeat entries (for `groupBy` too, as the agency metrics do).
 */
export function cohortCasesSql(input: CohortInput, args: SqlArgs): string {
  const [programs, counties] = filterArgs(input);
  const filters = filtersSqlAt(args.position(programs), args.position(counties));
  // Re-entry numbers a client's exits across facilitators, so it keeps all exits of the facilitator's clients; the others count episodes.
  const clients = !input.clientsOf
    ? ''
    : input.metric === 'reentry'
      ? `AND f.client_id = ANY (ARRAY(SELECT DISTINCT client_id FROM episode_facts WHERE facilitator_id = ${args.add(input.clientsOf, 'text')}))`
      : `AND f.facilitator_id = ${args.add(input.clientsOf, 'text')}`;
  const periods = `-- The reporting periods: one for a figure, several for a quarterly trend or a before/after split.
periods AS (
  SELECT * FROM unnest(${args.add(input.periods.map((p) => p.key), 'text[]')}, ${args.add(input.periods.map((p) => p.from), 'date[]')},
                       ${args.add(input.periods.map((p) => p.to), 'date[]')}) AS p (period, period_from, period_to)
)`;
  // The fixed expression of the group dimension over f (values never reach the SQL text); NULL without one.
  const groupKey = dimensionSql(input.groupBy ?? 'none', input.metric === 'repeat-entries' ? 'entry' : 'exit').key;
  const columns = 'period, facilitator_id, program, prior_bucket, race_ethnicity, gender';
  switch (input.metric) {
    case 'reentry': {
      const window = args.add(input.window ?? 365, 'int');
      return `${periods},
-- Exits in each period, and whether from the chosen programs and counties; only a community exit after a stay of at least minStay days can be followed.
period_exits AS (
  SELECT p.period, p.period_from, p.period_to, f.client_id, f.episode_id, f.end_date, f.days_to_next_entry, f.prev_eligible_end, f.age_group_at_exit,
         f.facilitator_id, f.program, f.prior_bucket, f.race_ethnicity, f.gender, ${groupKey} AS group_key, ${filters} AS chosen
  FROM periods p
  JOIN episode_facts f ON f.end_date BETWEEN p.period_from AND p.period_to
  WHERE f.community_exit AND f.length_days >= ${args.add(input.minStay, 'int')} ${clients}
),
-- The client is the unit: only the client's first eligible exit of each period counts, from any program (metrics/proportions/firstExit.ts).
eligible_exits AS (
  SELECT *, ${firstExitSql(input, { partition: ['period'], periodFrom: 'period_from' })} AS first_exit
  FROM period_exits
),
-- The client's first eligible exit, if chosen, once its follow-up is complete; a re-entry is a start within the window after it.
cases AS (
  SELECT ${columns}, group_key, age_group_at_exit AS age_group, end_date AS cohort_date,
         coalesce(days_to_next_entry <= ${window}, false) AS event
  FROM eligible_exits
  WHERE first_exit AND chosen AND end_date + ${window} <= coalesce(${args.add(input.asOf, 'date')}, period_to)
)`;
    }
    case 'successful-exits':
      return `${periods},
-- Exits in the period after at least minStay days, leaving out moves and transfers (outside the agency's control); success = completed or stepped down.
cases AS (
  SELECT ${columns}, ${groupKey} AS group_key, age_group_at_exit AS age_group, end_date AS cohort_date, successful AS event
  FROM periods p
  JOIN episode_facts f ON f.end_date BETWEEN p.period_from AND p.period_to
  WHERE f.success_eligible AND f.length_days >= ${args.add(input.minStay, 'int')}
    AND ${filters} ${clients}
)`;
    case 'repeat-entries':
      return `${periods},
-- Every entry in the period (no minimum stay); a repeat entry follows the client's latest earlier exit by at most 365 days.
cases AS (
  SELECT ${columns}, ${groupKey} AS group_key, age_group_at_start AS age_group, start_date AS cohort_date,
         coalesce(days_since_prev_end <= ${args.add(repeatEntryDays, 'int')}, false) AS event
  FROM periods p
  JOIN episode_facts f ON f.start_date BETWEEN p.period_from AND p.period_to
  WHERE ${filters} ${clients}
)`;
  }
}


// Re-entry counts a client once: only the client's first eligible exit in the period (metrics.md 1), chosen
// among all the client's eligible exits; program and county filters then choose among the counted exits and
// their exclusions, so a program's filter gives exactly that program's group of by=program. The mart keeps
// each exit's previous eligible exit for a minimum stay of 8 days (the default), so for those requests the
// rule is a comparison; another minStay changes which exits are eligible, so those requests number each
// client's exits at query time.
// Both re-entry queries (metrics/proportions/getReentry.ts, metrics/facilitators/cohortCases.ts) take it from here.
import { martMinStay } from '../monthCounts.ts';

/** True when episode_facts.prev_eligible_end decides "first eligible exit in the period" for these parameters. */
export function usesStoredPreviousExit(p: { minStay: number }): boolean {
  return p.minStay === martMinStay;
}

/**
 * A boolean SQL expression over a period's eligible exits, from every program and county (columns client_id,
 * episode_id, end_date, prev_eligible_end): true for the client's first one. `partition` lists what else separates the
 * numbering (a period key, an eligibility flag); `periodFrom` is the period's first day.
 */
export function firstExitSql(p: { minStay: number }, at: { partition: string[]; periodFrom: string }): string {
  if (usesStoredPreviousExit(p)) {
    // No earlier eligible exit of the client on or after the period's first day.
    return `(prev_eligible_end IS NULL OR prev_eligible_end < ${at.periodFrom})`;
  }
  // Each client's eligible exits numbered: earliest end date, then lowest episode id.
  return `(row_number() OVER (PARTITION BY ${[...at.partition, 'client_id COLLATE "C"'].join(', ')} ORDER BY end_date, episode_id COLLATE "C") = 1)`;
}

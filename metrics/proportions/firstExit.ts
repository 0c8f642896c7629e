// Re-entry counts a client once: only the client's first eligible exit in the period (metrics.md 1).
// The mart keeps each exit's previous eligible exit for a minimum stay of 8 days (the default), so for
// the dashboard's usual request that rule is a comparison; program and county filters and another
// minStay change which exits are eligible, so those requests number each client's exits at query time.

/** The minimum stay sql/marts/010_episode_facts.sql builds prev_eligible_end for. */
const storedMinStay = 8;

/** True when episode_facts.prev_eligible_end decides "first eligible exit in the period" for these parameters. */
export function usesStoredPreviousExit(p: { minStay: number; program: string[]; county: string[] }): boolean {
  return p.minStay === storedMinStay && p.program.length === 0 && p.county.length === 0;
}

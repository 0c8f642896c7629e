// Cases, events and expected events per facilitator, and with a client group dimension the cases and events
// per facilitator and group: the additive counts section 8 is computed from, read in one pass over the cases.
import type { Warehouse } from '../../sql/db.ts';
import { dimensionSql } from '../dimensions.ts';
import { cohortCasesSql, type CohortInput } from './cohortCases.ts';
import { caseCountsAnswer } from './caseFilter.ts';
import { getCaseCounts } from './getCaseCounts.ts';
import { SqlArgs } from './sqlArgs.ts';

export interface FacilitatorCountRow {
  staffId: string;
  name: string | null;
  supervisorId: string | null;
  n: number;
  events: number;
  /**
   * Indirect standardisation's E: the sum over the facilitator's cases of their stratum's agency-wide rate,
   * strata being program x age group x prior-episodes bucket.
   */
  expected: number;
}

/** One facilitator's cases of one group of `groupBy`, with the stored label where there is one (programs). */
export interface FacilitatorGroupCountRow {
  staffId: string;
  groupKey: string | null;
  groupLabel: string | null;
  n: number;
  events: number;
}

export interface FacilitatorCounts {
  facilitators: FacilitatorCountRow[];
  /** Empty without `groupBy`; a facilitator's groups add up to its n and events. */
  groups: FacilitatorGroupCountRow[];
}

type Row = (FacilitatorCountRow & FacilitatorGroupCountRow) & { kind: 'facilitator' | 'group' };

/**
 * `leaveOut`: facilitators whose cases count nowhere, not even in the strata's agency-wide rates (a funder's
 * comparison leaves facilitators with small cells out altogether; their cases would otherwise show in E).
 */
export async function getFacilitatorCounts(warehouse: Warehouse, input: CohortInput, leaveOut: string[] = []): Promise<FacilitatorCounts> {
  return caseCountsAnswer(input) ? getCaseCounts(warehouse, input, leaveOut) : getEpisodeCounts(warehouse, input, leaveOut);
}

/** From the episodes (episode_facts): any filter, minimum stay or set of periods. */
export async function getEpisodeCounts(warehouse: Warehouse, input: CohortInput, leaveOut: string[] = []): Promise<FacilitatorCounts> {
  const args = new SqlArgs();
  // Brings the stored label of a program key (alias g, column key); nothing for the other dimensions.
  const groupLabel = dimensionSql(input.groupBy ?? 'none', input.metric === 'repeat-entries' ? 'entry' : 'exit');
  const [groupKey, groupCells] = input.groupBy ? ['group_key', ', (facilitator_id, group_key)'] : ['NULL::text', ''];
  const text = `WITH ${cohortCasesSql(input, args)},
-- Each facilitator's cases per case-mix stratum (program x age group x prior-episodes bucket) and, for the heat map,
-- per client group: two groupings of the same cases in one pass (so the groups add up to the facilitator's figures).
cells AS (
  SELECT facilitator_id, program, age_group, prior_bucket, ${groupKey} AS key, grouping(program) = 1 AS group_cell,
         count(*)::int AS n, (count(*) FILTER (WHERE event))::int AS events
  FROM cases
  WHERE NOT (facilitator_id = ANY (${args.add(leaveOut, 'text[]')}))
  GROUP BY GROUPING SETS ((facilitator_id, program, age_group, prior_bucket)${groupCells})
),
-- Expected events in a stratum cell: its cases times the stratum's agency-wide rate (metrics.md 8, indirect
-- standardisation). Strata are put together in byte order (sorting by a language's rules is slower).
expected_cells AS (
  SELECT facilitator_id, n, events, (n * sum(events) OVER stratum)::float8 / sum(n) OVER stratum AS expected
  FROM cells
  WHERE NOT group_cell
  WINDOW stratum AS (PARTITION BY program COLLATE "C", age_group COLLATE "C", prior_bucket COLLATE "C")
),
-- The strata summed back: one row per facilitator.
facilitators AS (
  SELECT facilitator_id, sum(n)::int AS n, sum(events)::int AS events, sum(expected) AS expected
  FROM expected_cells
  GROUP BY facilitator_id
)
SELECT * FROM (
  SELECT 'facilitator' AS kind, f.facilitator_id AS "staffId", s.name, s.supervisor_id AS "supervisorId",
         NULL::text AS "groupKey", NULL::text AS "groupLabel", f.n, f.events, f.expected
  FROM facilitators f
  LEFT JOIN staff s ON s.staff_id = f.facilitator_id
  UNION ALL
  SELECT 'group', g.facilitator_id, NULL, NULL, g.key, ${groupLabel.label}, g.n, g.events, NULL
  FROM cells g
  ${groupLabel.labelJoin}
  WHERE g.group_cell
) r
ORDER BY kind, "staffId" COLLATE "C", "groupKey" COLLATE "C"`;
  const { rows } = await warehouse.withClient((c) => c.query<Row>(text, args.values));
  const counts: FacilitatorCounts = { facilitators: [], groups: [] };
  for (const { kind, staffId, name, supervisorId, groupKey, groupLabel: label, n, events, expected } of rows) {
    if (kind === 'facilitator') counts.facilitators.push({ staffId, name, supervisorId, n, events, expected });
    else counts.groups.push({ staffId, groupKey, groupLabel: label, n, events });
  }
  return counts;
}

// Workforce (metrics.md 5): headcount, separations and turnover, 12-month
// retention, tenure survival, facilitator continuity and caseload, overall and per group.
import type { Warehouse } from '../../sql/db.ts';
import { MetricInputError } from '../errors.ts';
import { getAsOf } from '../getAsOf.ts';
import { byLabelUnknownLast } from '../labels.ts';
import { proportionEstimate } from '../proportions/estimate.ts';
import { kaplanMeier, toSurvivalEstimate, type LifeTableRow } from '../stats/kaplanMeier.ts';
import { poissonRateInterval } from '../stats/poisson.ts';
import type { Group, ProportionEstimate, SurvivalEstimate } from '../types.ts';
import { getContinuityCounts, type ContinuityRow } from './continuityCounts.ts';
import { groupLabel, staffRoles, workforceGroupings } from './groups.ts';
import { getMonthlyCaseload, type MonthlyCaseloadRow } from './monthlyCaseload.ts';
import { resolveWorkforceParams, type ResolvedWorkforceParams, type WorkforceParams } from './params.ts';
import { getStaffCounts, type StaffCountsRow } from './staffCounts.ts';
import { getSupervisorNames } from './supervisorNames.ts';
import { getTenureLifeTable, type TenureLifeTableRow } from './tenureLifeTable.ts';

export { workforceParamsSchema, type WorkforceParams, type ResolvedWorkforceParams } from './params.ts';
export { workforceGroupings, type WorkforceBy } from './groups.ts';

export interface CaseloadMonth {
  month: string;
  facilitators: number;
  openEpisodes: number;
  /** Open episodes / facilitators employed that day; null with nobody employed. */
  perFacilitator: number | null;
}

export interface WorkforceFigures {
  headcount: { start: number; end: number; average: number };
  separations: { all: number; voluntary: number };
  /**
   * Annualised: separations / average headcount x 365 / days in the period; null with no one employed. Each with
   * the exact Poisson 95% interval of separations per staff-year (average headcount x days / 365).
   */
  turnover: {
    all: number | null;
    allLow: number | null;
    allHigh: number | null;
    voluntary: number | null;
    voluntaryLow: number | null;
    voluntaryHigh: number | null;
  };
  /** Of staff employed on `from`, the share still employed on from + 365; null until from + 365 <= asOf. */
  retention12m: ProportionEstimate | null;
  /** Kaplan-Meier of hire to separation; `stillInServices` reads "still employed" this many days after hire. */
  tenure: SurvivalEstimate;
  /** Share of episodes closed in the period with two or more facilitators; null when no assignments were imported. */
  continuity: ProportionEstimate | null;
  caseload: CaseloadMonth[];
}

export interface WorkforceResponse extends WorkforceFigures {
  metric: 'workforce';
  params: ResolvedWorkforceParams;
  asOf: string | null;
  groups: Group<WorkforceFigures>[];
}

const dayMs = 86_400_000;
const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / dayMs);

export async function getWorkforce(warehouse: Warehouse, params: WorkforceParams): Promise<WorkforceResponse> {
  checkParams(params);
  const { asOf } = await getAsOf(warehouse);
  const p = resolveWorkforceParams(params, asOf);
  // Without an import there is no "now"; the period's end stands in.
  const now = asOf ?? p.to;
  // A period running past asOf is counted up to asOf, what is known: headcount at its end, separations, exposure.
  const known = p.to <= now ? p.to : now < p.from ? p.from : now;
  // Every figure over the same known days (the `certified` groups, say, are certified by their end).
  const q = { ...p, to: known };
  const [counts, months, tenure, continuity] = await Promise.all([
    getStaffCounts(warehouse, q),
    getMonthlyCaseload(warehouse, { ...q, asOf: now }),
    getTenureLifeTable(warehouse, { ...q, asOf: now, allHires: p.cohort === 'all' }),
    getContinuityCounts(warehouse, q),
  ]);
  // The days known: none for a period that starts after asOf (no exposure, so no turnover).
  const period = { from: p.from, asOf: now, days: now < p.from ? 0 : daysBetween(p.from, known) + 1 };
  const assignmentsImported = continuity.some((r) => r.assignments_imported);
  const figuresOf = (key: string | null) =>
    workforceFigures(
      counts.find((r) => r.key === key),
      months.filter((r) => r.key === key),
      tenure.filter((r) => r.key === key),
      assignmentsImported ? continuity.find((r) => r.key === key) : undefined,
      assignmentsImported,
      period,
    );

  const keys = [...new Set([...counts, ...months, ...tenure, ...continuity].map((r) => r.key).filter((k): k is string => k !== null))];
  const names = p.by === 'supervisor' ? await getSupervisorNames(warehouse, keys) : new Map<string, string>();
  return {
    metric: 'workforce',
    params: p,
    asOf,
    ...figuresOf(null),
    // A team with nobody employed in the period, and nothing else to show, is no row (a supervisor whose staff all left earlier).
    groups: keys.map((key) => ({ key, label: groupLabel(p.by, key, names), ...figuresOf(key) })).filter((g) => !emptyGroup(g)).sort(byLabelUnknownLast),
  };
}

function emptyGroup(g: WorkforceFigures): boolean {
  return g.headcount.start === 0 && g.headcount.end === 0 && g.headcount.average === 0 && g.separations.all === 0 && g.tenure.n === 0 && !g.continuity?.n && g.caseload.every((m) => !m.facilitators && !m.openEpisodes);
}

function checkParams(params: WorkforceParams): void {
  if (params.by !== undefined && !(workforceGroupings as readonly string[]).includes(params.by)) {
    throw new MetricInputError(`Workforce figures cannot be grouped by "${params.by}".`, [{ path: 'by', message: 'must be none, supervisor or certified' }]);
  }
  const unknownRole = params.roles?.find((r) => !(staffRoles as readonly string[]).includes(r.trim().toLowerCase()));
  if (unknownRole !== undefined) {
    throw new MetricInputError(`"${unknownRole}" is not a staff role.`, [{ path: 'roles', message: 'must be facilitator, supervisor or other' }]);
  }
}

function workforceFigures(
  counts: StaffCountsRow | undefined,
  months: MonthlyCaseloadRow[],
  tenure: TenureLifeTableRow[],
  continuity: ContinuityRow | undefined,
  assignmentsImported: boolean,
  /** `days`: the period's days known by asOf, both bounds counted. */
  period: { from: string; asOf: string; days: number },
): WorkforceFigures {
  const start = counts?.headcount_start ?? 0;
  const end = counts?.headcount_end ?? 0;
  const separations = { all: counts?.separations ?? 0, voluntary: counts?.voluntary ?? 0 };
  // Mean over the month starts in the period; a period without a month start falls back to its two ends.
  const average = months.length > 0 ? months.reduce((sum, m) => sum + m.facilitators, 0) / months.length : (start + end) / 2;
  // Turnover per staff-year, the same exposure its Poisson interval is computed on.
  const staffYears = (average * period.days) / 365;
  const annualise = (n: number) => (staffYears > 0 ? n / staffYears : null);
  const all = poissonRateInterval(separations.all, staffYears);
  const voluntary = poissonRateInterval(separations.voluntary, staffYears);
  const lifeTable: LifeTableRow[] = tenure.map(({ t, events, censored }) => ({ t, events, censored }));
  return {
    headcount: { start, end, average },
    separations,
    turnover: {
      all: annualise(separations.all),
      allLow: all?.low ?? null,
      allHigh: all?.high ?? null,
      voluntary: annualise(separations.voluntary),
      voluntaryLow: voluntary?.low ?? null,
      voluntaryHigh: voluntary?.high ?? null,
    },
    retention12m: daysBetween(period.from, period.asOf) >= 365 ? proportionEstimate(counts?.retained ?? 0, start) : null,
    tenure: toSurvivalEstimate(kaplanMeier(lifeTable)),
    continuity: assignmentsImported ? proportionEstimate(continuity?.changed ?? 0, continuity?.n ?? 0) : null,
    caseload: months.map((m) => ({
      month: m.month,
      facilitators: m.facilitators,
      openEpisodes: m.open_episodes,
      perFacilitator: m.facilitators > 0 ? m.open_episodes / m.facilitators : null,
    })),
  };
}

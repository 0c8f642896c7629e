// One facilitator against the agency: figures, quarterly trend, caseload by group, within-caseload
// equity (metrics.md 8, last bullet) and before/after certification.
import type { Warehouse } from '../../sql/db.ts';
import { getAsOf } from '../getAsOf.ts';
import { byLabelUnknownLast, groupLabel, unknownKey } from '../labels.ts';
import { addDays, resolveParams } from '../params.ts';
import { proportionEstimate } from '../proportions/estimate.ts';
import { reentryAsOf } from '../proportions/getReentry.ts';
import { repeatEntriesAsOf } from '../proportions/getRepeatEntries.ts';
import { successfulExitsAsOf } from '../proportions/getSuccessfulExits.ts';
import { rateRatio } from '../stats/rateRatio.ts';
import { proportionMetrics, type MetricParams, type ProportionEstimate, type ProportionMetric, type ResolvedParams } from '../types.ts';
import type { Period } from './cohortCases.ts';
import { cohortInput } from './cohortInput.ts';
import { getCaseloadGroups, type CaseloadDimension, type CaseloadGroupRow } from './getCaseloadGroups.ts';
import { getFacilitatorProfile, type FacilitatorProfile } from './getFacilitatorProfile.ts';
import { getPeriodCounts, type PeriodCountRow } from './getPeriodCounts.ts';
import { lastCompleteQuarters } from './quarters.ts';

/** Within-caseload gaps are shown only when both groups have at least this many cases. */
export const equityMinimumCases = 10;
/** The reference group of the within-caseload rate ratios (metrics.md 7). */
export const equityReference = 'white';
/** The trend covers this many quarters with complete data. */
export const trendQuarters = 8;

export interface Comparison {
  facilitator: ProportionEstimate;
  agency: ProportionEstimate;
}

export interface FacilitatorDetail {
  metric: ProportionMetric;
  params: ResolvedParams & { metric: ProportionMetric };
  asOf: string | null;
  facilitator: FacilitatorProfile;
  /** Each proportion metric over its own resolved period (re-entry's default period is shifted back). */
  figures: Record<ProportionMetric, Comparison & { from: string; to: string }>;
  trend: ({ quarter: string; from: string; to: string } & Comparison)[];
  caseloadByGroup: { dimension: CaseloadDimension; key: string; label: string; n: number }[];
  equity: {
    dimension: 'race_ethnicity';
    key: string;
    label: string;
    ratio: number | null;
    ratioLow: number | null;
    ratioHigh: number | null;
    n: number;
    events: number;
    referenceN: number;
    referenceEvents: number;
  }[];
  certification: { certifiedDate: string; before: ProportionEstimate; after: ProportionEstimate } | null;
}

const caseloadDimensions: CaseloadDimension[] = ['race_ethnicity', 'gender', 'age_group'];

const ownFigure = (row: PeriodCountRow | undefined) => proportionEstimate(row?.events ?? 0, row?.n ?? 0);

const agencyMetrics = { reentry: reentryAsOf, 'successful-exits': successfulExitsAsOf, 'repeat-entries': repeatEntriesAsOf };

/**
 * The agency's figure for a period is the agency metric's, as of the page's asOf (it reads the month counts
 * when it can, so the page does not read every facilitator's cases of every period; tested to agree figure for figure).
 */
async function agencyFigure(
  warehouse: Warehouse,
  metric: ProportionMetric,
  resolved: ResolvedParams,
  period: Pick<Period, 'from' | 'to'>,
  asOf: string | null,
): Promise<ProportionEstimate> {
  return (await agencyMetrics[metric](warehouse, { ...resolved, from: period.from, to: period.to, by: 'none' }, asOf)).overall;
}

/** Null when no facilitator has this id (a supervisor without cases of their own is not one). */
export async function getFacilitatorDetail(
  warehouse: Warehouse,
  staffId: string,
  params: MetricParams & { metric: ProportionMetric },
): Promise<FacilitatorDetail | null> {
  const { metric } = params;
  const { asOf } = await getAsOf(warehouse);
  const resolved = resolveParams(metric, params, asOf);
  const profile = await getFacilitatorProfile(warehouse, staffId, { program: resolved.program, county: resolved.county, asOf });
  if (!profile) return null;
  const [figures, trend, groups, certification] = await Promise.all([
    metricFigures(warehouse, staffId, params, asOf),
    quarterlyTrend(warehouse, staffId, metric, resolved, asOf),
    getCaseloadGroups(warehouse, cohortInput(metric, resolved, asOf), staffId),
    certificationSplit(warehouse, profile, metric, resolved, asOf),
  ]);
  return {
    metric,
    params: { ...resolved, metric },
    asOf,
    facilitator: profile,
    figures,
    trend,
    caseloadByGroup: caseloadByGroup(groups),
    equity: caseloadEquity(groups),
    certification,
  };
}

async function metricFigures(warehouse: Warehouse, staffId: string, params: MetricParams, asOf: string | null) {
  const entries = await Promise.all(
    proportionMetrics.map(async (m) => {
      const resolved = resolveParams(m, params, asOf);
      const [[row], agency] = await Promise.all([
        getPeriodCounts(warehouse, cohortInput(m, resolved, asOf), staffId),
        agencyFigure(warehouse, m, resolved, resolved, asOf),
      ]);
      return [m, { from: resolved.from, to: resolved.to, facilitator: ownFigure(row), agency }] as const;
    }),
  );
  return Object.fromEntries(entries) as FacilitatorDetail['figures'];
}

/**
 * The last quarters ending on or before the period's end (as /api/trend's), and whose follow-up is complete on
 * asOf: a 2019-2020 period shows 2019-2020's quarters, not the latest ones beside it.
 */
async function quarterlyTrend(warehouse: Warehouse, staffId: string, metric: ProportionMetric, resolved: ResolvedParams, asOf: string | null) {
  if (!asOf) return [];
  const complete = addDays(asOf, metric === 'reentry' ? -(resolved.window ?? 365) : 0);
  const quarters = lastCompleteQuarters(resolved.to < complete ? resolved.to : complete, trendQuarters);
  const [rows, agency] = await Promise.all([
    getPeriodCounts(warehouse, cohortInput(metric, resolved, asOf, quarters), staffId),
    Promise.all(quarters.map((q) => agencyFigure(warehouse, metric, resolved, q, asOf))),
  ]);
  const byQuarter = new Map(rows.map((r) => [r.period, r]));
  return quarters.map((q, i) => ({ quarter: q.key, from: q.from, to: q.to, facilitator: ownFigure(byQuarter.get(q.key)), agency: agency[i] }));
}

function caseloadByGroup(rows: CaseloadGroupRow[]): FacilitatorDetail['caseloadByGroup'] {
  return caseloadDimensions.flatMap((dimension) =>
    rows
      .filter((r) => r.dimension === dimension)
      .map((r) => ({ dimension, key: r.key, label: groupLabel(dimension, r.key, null), n: r.n }))
      .sort(byLabelUnknownLast),
  );
}

/** Each known race or ethnicity against White clients of the same caseload, when both have enough cases. */
function caseloadEquity(rows: CaseloadGroupRow[]): FacilitatorDetail['equity'] {
  const race = rows.filter((r) => r.dimension === 'race_ethnicity');
  const reference = race.find((r) => r.key === equityReference);
  if (!reference || reference.n < equityMinimumCases) return [];
  return race
    .filter((g) => g.key !== equityReference && g.key !== unknownKey && g.n >= equityMinimumCases)
    .map((g) => {
      const rr = rateRatio(g.events, g.n, reference.events, reference.n);
      return {
        dimension: 'race_ethnicity' as const,
        key: g.key,
        label: groupLabel('race_ethnicity', g.key, null),
        ratio: rr?.ratio ?? null,
        ratioLow: rr?.low ?? null,
        ratioHigh: rr?.high ?? null,
        n: g.n,
        events: g.events,
        referenceN: reference.n,
        referenceEvents: reference.events,
      };
    })
    .sort(byLabelUnknownLast);
}

/** The facilitator's cases before and from the certification date, over all data up to asOf (from/to do not apply). */
async function certificationSplit(
  warehouse: Warehouse,
  profile: FacilitatorProfile,
  metric: ProportionMetric,
  resolved: ResolvedParams,
  asOf: string | null,
): Promise<FacilitatorDetail['certification']> {
  const certifiedDate = profile.certifiedDate;
  if (!certifiedDate) return null;
  const periods = [
    { key: 'before', from: '0001-01-01', to: addDays(certifiedDate, -1) },
    { key: 'after', from: certifiedDate, to: asOf ?? resolved.to },
  ];
  const rows = await getPeriodCounts(warehouse, cohortInput(metric, resolved, asOf, periods), profile.staffId);
  const byPeriod = new Map(rows.map((r) => [r.period, r]));
  return { certifiedDate, before: ownFigure(byPeriod.get('before')), after: ownFigure(byPeriod.get('after')) };
}

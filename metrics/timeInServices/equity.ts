// Section 7 for time in services: each group's Kaplan-Meier estimate against
// a reference group (or all other known groups), compared by median, by the
// share still in services at 365 days and by the log-rank test.
import type { Warehouse } from '../../sql/db.ts';
import { assertReference, findReference } from '../equity/reference.ts';
import { byLabelUnknownLast, clientsOf, dimensionWords, isUnknownGroup } from '../labels.ts';
import type { EquityDimension } from '../params.ts';
import { kaplanMeier, toSurvivalEstimate, type LifeTableRow } from '../stats/kaplanMeier.ts';
import { logRank } from '../stats/logRank.ts';
import type { Group, MetricParams, ResolvedParams, SurvivalEstimate } from '../types.ts';
import { getEntryCohort } from './entryCohort.ts';
import type { GroupLifeTable } from './lifeTables.ts';

/** A difference in time in services is significant below this log-rank p. */
const significance = 0.05;

export interface SurvivalComparison {
  /** Group median / reference median; null when either median is not reached. No interval is given. */
  ratio: number | null;
  ratioLow: null;
  ratioHigh: null;
  /** Share still in services at 365 days minus the reference's; null when either was not followed that long. */
  diff: number | null;
  diffLow: null;
  diffHigh: null;
  /** Log-rank p against the reference below 0.05. */
  gap: boolean;
  /** Always null: a longer or shorter stay is not in itself better or worse (see metrics/README.md). */
  direction: null;
  /** For a gap, which way the group differs: fewer exits than expected = stays longer. */
  stays: 'longer' | 'shorter' | null;
  /** Two-group log-rank p against the reference; null for the reference, unknown, or when nothing can be compared. */
  logRankP: number | null;
  isReference: boolean;
}

export interface SurvivalEquityResponse {
  metric: 'time-in-services';
  dimension: EquityDimension;
  reference: string | null;
  referenceLabel: string | null;
  params: ResolvedParams;
  asOf: string | null;
  shareKnown: number | null;
  /** k-group log-rank p across all known groups (unknown left out). */
  logRankP: number | null;
  groups: Group<SurvivalEstimate & SurvivalComparison>[];
  statements: string[];
}

export type SurvivalEquityParams = MetricParams & { dimension: EquityDimension; reference?: string; metric?: string };

export async function getSurvivalEquity(warehouse: Warehouse, params: SurvivalEquityParams): Promise<SurvivalEquityResponse> {
  const { dimension, reference: requested, metric: _metric, ...metricParams } = params;
  assertReference(dimension, requested);
  const cohort = await getEntryCohort(warehouse, { ...metricParams, by: dimension });
  // In key order (the life tables come unordered): the log-rank sums over groups, and a sum of doubles in another
  // order can differ in its last digit between two query plans.
  const known = cohort.groups.filter((g) => !isUnknownGroup(dimension, g.key)).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const pooled = requested?.toLowerCase() === 'rest';
  const referenceGroup = pooled ? undefined : findReference(dimension, requested, known, clientCount);

  const groups = cohort.groups
    .map((g) => {
      const isReference = referenceGroup?.key === g.key;
      let against: LifeTableRow[] | undefined;
      if (pooled && !isUnknownGroup(dimension, g.key)) against = known.filter((o) => o.key !== g.key).flatMap((o) => o.table);
      else if (referenceGroup && !isReference && !isUnknownGroup(dimension, g.key)) against = referenceGroup.table;
      const estimate = toSurvivalEstimate(kaplanMeier(g.table));
      return { key: g.key, label: g.label, ...estimate, ...compare(g.table, estimate, against, isReference) };
    })
    .sort(byLabelUnknownLast);

  const referenceWords = pooled
    ? `all other clients with a known ${dimensionWords[dimension]}`
    : referenceGroup
      ? clientsOf(dimension, referenceGroup.label)
      : null;
  const statements = referenceWords
    ? groups
        .filter((g) => g.gap)
        .sort((a, b) => a.logRankP! - b.logRankP!)
        .map((g) => gapStatement(clientsOf(dimension, g.label), g, referenceWords, referenceMedian(g, known, referenceGroup, pooled)))
    : [];

  const n = cohort.overall.reduce((sum, r) => sum + r.events + r.censored, 0);
  const knownN = known.reduce((sum, g) => sum + clientCount(g), 0);
  return {
    metric: 'time-in-services',
    dimension,
    reference: pooled ? 'rest' : (referenceGroup?.key ?? requested ?? null),
    referenceLabel: pooled ? 'All other known groups' : (referenceGroup?.label ?? null),
    params: cohort.params,
    asOf: cohort.asOf,
    shareKnown: n > 0 ? knownN / n : null,
    logRankP: logRank(known.map((g) => g.table))?.p ?? null,
    groups,
    statements,
  };
}

/** The clients a group's life table follows (each ends in an exit or is censored). */
const clientCount = (g: GroupLifeTable) => g.table.reduce((s, r) => s + r.events + r.censored, 0);

function compare(
  table: LifeTableRow[],
  estimate: SurvivalEstimate,
  against: LifeTableRow[] | undefined,
  isReference: boolean,
): SurvivalComparison {
  const none = { ratioLow: null, ratioHigh: null, diffLow: null, diffHigh: null, direction: null } as const;
  if (isReference) return { ...none, ratio: 1, diff: 0, gap: false, stays: null, logRankP: null, isReference };
  if (!against) return { ...none, ratio: null, diff: null, gap: false, stays: null, logRankP: null, isReference };
  const reference = toSurvivalEstimate(kaplanMeier(against));
  const test = logRank([table, against]);
  const gap = test !== null && test.p < significance;
  const s365 = estimate.stillInServices['365'];
  const r365 = reference.stillInServices['365'];
  return {
    ...none,
    ratio: estimate.median !== null && reference.median !== null && reference.median > 0 ? estimate.median / reference.median : null,
    diff: s365 !== null && r365 !== null ? s365 - r365 : null,
    gap,
    stays: gap ? (test.observed[0] < test.expected[0] ? 'longer' : 'shorter') : null,
    logRankP: test?.p ?? null,
    isReference,
  };
}

/** The median the group was compared with: the reference group's, or that of all other known groups pooled. */
function referenceMedian(g: { key: string }, known: GroupLifeTable[], referenceGroup: GroupLifeTable | undefined, pooled: boolean): number | null {
  const table = pooled ? known.filter((o) => o.key !== g.key).flatMap((o) => o.table) : (referenceGroup?.table ?? []);
  return kaplanMeier(table).median;
}

/** p as staff read it: two significant digits, "< 0.001" below that. */
export function formatP(p: number): string {
  // Two significant digits, trailing zero kept: 0.0010456 reads 0.0010, not 0.001.
  return p < 0.001 ? 'p < 0.001' : `p = ${p.toPrecision(2)}`;
}

function gapStatement(subject: string, g: SurvivalEstimate & SurvivalComparison, referenceWords: string, referenceMedianDays: number | null): string {
  const who = subject.charAt(0).toUpperCase() + subject.slice(1);
  const p = formatP(g.logRankP!);
  if (g.median !== null && referenceMedianDays !== null) {
    return `Half of ${subject} were still in services after ${g.median} days, against ${referenceMedianDays} days for ${referenceWords} (log-rank ${p}).`;
  }
  if (referenceMedianDays !== null) {
    return `More than half of ${subject} were still in services at the end of follow-up, against ${referenceMedianDays} days for ${referenceWords} (log-rank ${p}).`;
  }
  if (g.median !== null) {
    return `Half of ${subject} were still in services after ${g.median} days, while more than half of ${referenceWords} were still in services at the end of follow-up (log-rank ${p}).`;
  }
  return `${who} left services ${g.stays === 'longer' ? 'more slowly' : 'sooner'} than ${referenceWords} (log-rank ${p}).`;
}

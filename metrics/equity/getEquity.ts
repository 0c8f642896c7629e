// Section 7 (metrics.md): each group's rate against a reference group, with the
// Katz rate ratio, the Newcombe difference and a sentence per significant gap.
import type { Warehouse } from '../../sql/db.ts';
import { clientsOf, dimensionWords, isUnknownGroup } from '../labels.ts';
import type { EquityDimension, EquityParams } from '../params.ts';
import { proportionGetters } from '../proportions/getters.ts';
import { newcombeDifference } from '../stats/newcombe.ts';
import { rateRatio } from '../stats/rateRatio.ts';
import { assertReference, findReference } from './reference.ts';
import type { Group, MetricResponse, ProportionEstimate, ProportionMetric, ResolvedParams } from '../types.ts';

export interface EquityComparison {
  /** The ratio to the reference and its 95% interval; null where a count is 0 or the group is unknown. */
  ratio: number | null;
  ratioLow: number | null;
  ratioHigh: number | null;
  /** The difference in proportion (0.05 = 5 percentage points) with the Newcombe interval. */
  diff: number | null;
  diffLow: number | null;
  diffHigh: number | null;
  /** The ratio interval excludes 1. */
  gap: boolean;
  /** Set only for a gap: whether the group fares worse or better given the metric's polarity. */
  direction: 'worse' | 'better' | null;
  /** This group is the reference (ratio 1, difference 0). */
  isReference: boolean;
}

export interface EquityResponse {
  metric: ProportionMetric;
  dimension: EquityDimension;
  /** The reference group's key, or `rest`; null when the default reference is absent from the data. */
  reference: string | null;
  referenceLabel: string | null;
  params: ResolvedParams;
  asOf: string | null;
  /** Share of the metric's records whose value of the dimension is known; null with no records. */
  shareKnown: number | null;
  groups: Group<ProportionEstimate & EquityComparison>[];
  statements: string[];
}


/** Whether a higher rate is the better outcome. */
const higherIsBetter: Record<ProportionMetric, boolean> = {
  reentry: false,
  'successful-exits': true,
  'repeat-entries': false,
};

/** What the clients did, as the verb of a gap sentence. */
const metricVerbs: Record<ProportionMetric, string> = {
  reentry: 're-entered services',
  'successful-exits': 'left services successfully',
  'repeat-entries': 'came back into services within a year of an earlier exit',
};

export async function getProportionEquity(
  warehouse: Warehouse,
  params: EquityParams & { metric: ProportionMetric },
): Promise<EquityResponse> {
  const { metric, dimension, reference, ...metricParams } = params;
  assertReference(dimension, reference);
  const result = await proportionGetters[metric](warehouse, { ...metricParams, by: dimension });
  return compareGroups(metric, dimension, reference, result);
}

/** The groups of a grouped proportion result compared with the reference (pure: counts in, figures out). */
export function compareGroups(
  metric: ProportionMetric,
  dimension: EquityDimension,
  requestedReference: string | undefined,
  result: MetricResponse<ProportionEstimate>,
): EquityResponse {
  const isUnknown = (g: { key: string }) => isUnknownGroup(dimension, g.key);
  const known = result.groups.filter((g) => !isUnknown(g));
  const pooled = requestedReference?.toLowerCase() === 'rest';
  const referenceGroup = pooled ? undefined : findReference(dimension, requestedReference, known, (g) => g.n);
  const reference = pooled ? 'rest' : (referenceGroup?.key ?? requestedReference ?? null);

  const groups = result.groups.map((g) => {
    let against: { events: number; n: number } | undefined;
    if (isUnknown(g)) against = undefined;
    else if (pooled) against = sumCounts(known.filter((o) => o.key !== g.key));
    else if (referenceGroup && g.key !== referenceGroup.key) against = referenceGroup;
    const isReference = !pooled && referenceGroup?.key === g.key;
    return { ...g, ...compare(metric, g, against, isReference) };
  });

  const referenceWords = pooled
    ? `all other clients with a known ${dimensionWords[dimension]}`
    : referenceGroup
      ? clientsOf(dimension, referenceGroup.label)
      : null;
  const statements = referenceWords
    ? groups
        .filter((g) => g.gap)
        .sort((a, b) => Math.abs(Math.log(b.ratio!)) - Math.abs(Math.log(a.ratio!)))
        .map((g) => gapStatement(metric, clientsOf(dimension, g.label), referenceWords, g))
    : [];

  const n = result.overall.n;
  const knownN = known.reduce((sum, g) => sum + g.n, 0);
  return {
    metric,
    dimension,
    reference,
    referenceLabel: pooled ? 'All other known groups' : (referenceGroup?.label ?? null),
    params: result.params,
    asOf: result.asOf,
    shareKnown: n > 0 ? knownN / n : null,
    groups,
    statements,
  };
}

function sumCounts(groups: { events: number; n: number }[]): { events: number; n: number } {
  return groups.reduce((sum, g) => ({ events: sum.events + g.events, n: sum.n + g.n }), { events: 0, n: 0 });
}

function compare(
  metric: ProportionMetric,
  group: { events: number; n: number },
  against: { events: number; n: number } | undefined,
  isReference: boolean,
): EquityComparison {
  if (isReference) {
    return { ratio: 1, ratioLow: null, ratioHigh: null, diff: 0, diffLow: null, diffHigh: null, gap: false, direction: null, isReference };
  }
  const rr = against ? rateRatio(group.events, group.n, against.events, against.n) : null;
  const nd = against ? newcombeDifference(group.events, group.n, against.events, against.n) : null;
  const gap = rr !== null && (rr.low > 1 || rr.high < 1);
  const higherRate = rr !== null && rr.ratio > 1;
  return {
    ratio: rr?.ratio ?? null,
    ratioLow: rr?.low ?? null,
    ratioHigh: rr?.high ?? null,
    diff: nd?.diff ?? null,
    diffLow: nd?.low ?? null,
    diffHigh: nd?.high ?? null,
    gap,
    direction: gap ? (higherRate === higherIsBetter[metric] ? 'better' : 'worse') : null,
    isReference,
  };
}

/** A ratio as staff read it: one decimal from 1 up, two significant digits below. */
export function formatRatio(x: number): string {
  return x >= 1 ? x.toFixed(1) : x.toPrecision(2);
}

function gapStatement(metric: ProportionMetric, subject: string, referenceWords: string, g: EquityComparison): string {
  const who = subject.charAt(0).toUpperCase() + subject.slice(1);
  return `${who} ${metricVerbs[metric]} ${formatRatio(g.ratio!)} times as often as ${referenceWords} (95% CI ${formatRatio(g.ratioLow!)} to ${formatRatio(g.ratioHigh!)}).`;
}

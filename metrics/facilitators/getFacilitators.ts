// Section 8: every facilitator's rate for one proportion metric, compared fairly; with `by`, also each facilitator's
// rate per client group (the Equity page's facilitator x group heat map).
import type { Warehouse } from '../../sql/db.ts';
import { MetricInputError } from '../errors.ts';
import { getAsOf } from '../getAsOf.ts';
import { facilitatorGroupDimensions, resolveParams, type FacilitatorGroupDimension } from '../params.ts';
import type { MetricParams, ProportionMetric, ResolvedParams } from '../types.ts';
import { cohortInput } from './cohortInput.ts';
import { compareFacilitators, type FacilitatorComparison, type FacilitatorFigures } from './compareFacilitators.ts';
import { facilitatorGroups, type FacilitatorGroup } from './facilitatorGroups.ts';
import { getFacilitatorCounts } from './getFacilitatorCounts.ts';

/**
 * `minimumCell` (the API sets it for funders, never a query parameter): facilitators with 1 to minimumCell - 1
 * cases or events are left out of the comparison altogether, so nothing in it (overall, funnel, prior, spread)
 * depends on a small cell; and, as complementary suppression (metrics.md 9), so is the next smallest while those
 * left out together carry such a count, since the metric's own overall less this one's gives their total.
 */
export type FacilitatorsParams = MetricParams & { metric: ProportionMetric; adjusted?: boolean; minimumCell?: number };

/** A facilitator's figures; with `by` (not none) also `groups`, which add up to its n and events. */
export type FacilitatorRow = FacilitatorFigures & { groups?: FacilitatorGroup[] };

export type FacilitatorsResponse = {
  metric: ProportionMetric;
  params: ResolvedParams & { metric: ProportionMetric; adjusted: boolean; minimumCell?: number };
  asOf: string | null;
} & Omit<FacilitatorComparison, 'facilitators'> & { facilitators: FacilitatorRow[] };

const isGroupDimension = (by: string): by is FacilitatorGroupDimension => (facilitatorGroupDimensions as readonly string[]).includes(by);

export async function getFacilitators(warehouse: Warehouse, params: FacilitatorsParams): Promise<FacilitatorsResponse> {
  const { metric } = params;
  const adjusted = params.adjusted ?? false;
  const by = params.by ?? 'none';
  if (!isGroupDimension(by)) {
    throw new MetricInputError(`Facilitators can be split by a client or episode dimension only, not by ${by}.`, [
      { path: 'by', message: `must be one of ${facilitatorGroupDimensions.join(', ')}` },
    ]);
  }
  const { asOf } = await getAsOf(warehouse);
  const resolved = resolveParams(metric, params, asOf);
  const groupBy = by === 'none' ? undefined : by;
  const input = { ...cohortInput(metric, resolved, asOf), groupBy };
  let counts = await getFacilitatorCounts(warehouse, input);
  const { minimumCell } = params;
  const small = (count: number) => minimumCell !== undefined && count > 0 && count < minimumCell;
  const leftOut = counts.facilitators.filter((f) => small(f.n) || small(f.events));
  // The next smallest (then first by id) while the ones left out add up to a small count of cases or events.
  const kept = counts.facilitators.filter((f) => !leftOut.includes(f)).sort((a, b) => a.n - b.n || (a.staffId < b.staffId ? -1 : 1));
  const leftOutTotal = (key: 'n' | 'events') => leftOut.reduce((sum, f) => sum + f[key], 0);
  while (leftOut.length && kept.length && (small(leftOutTotal('n')) || small(leftOutTotal('events')))) leftOut.push(kept.shift()!);
  // Left out altogether: counted again without them, so the strata's rates (and so E) carry none of their cases.
  if (leftOut.length) counts = await getFacilitatorCounts(warehouse, input, leftOut.map((f) => f.staffId));
  const comparison = compareFacilitators(counts.facilitators, metric, adjusted);
  const result = { metric, params: { ...resolved, metric, adjusted, ...(minimumCell === undefined ? {} : { minimumCell }) }, asOf, ...comparison };
  if (!groupBy) return result;
  const groups = facilitatorGroups(counts.groups, groupBy);
  return { ...result, facilitators: comparison.facilitators.map((f) => ({ ...f, groups: groups.get(f.staffId) ?? [] })) };
}

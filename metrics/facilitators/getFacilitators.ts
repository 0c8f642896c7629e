// Section 8: every facilitator's rate for one proportion metric, compared fairly.
import type { Warehouse } from '../../sql/db.ts';
import { getAsOf } from '../getAsOf.ts';
import { resolveParams } from '../params.ts';
import type { MetricParams, ProportionMetric, ResolvedParams } from '../types.ts';
import { cohortInput } from './cohortInput.ts';
import { compareFacilitators, type FacilitatorComparison } from './compareFacilitators.ts';
import { getFacilitatorStrata } from './getFacilitatorStrata.ts';

export type FacilitatorsParams = MetricParams & { metric: ProportionMetric; adjusted?: boolean };

export type FacilitatorsResponse = {
  metric: ProportionMetric;
  params: ResolvedParams & { metric: ProportionMetric; adjusted: boolean };
  asOf: string | null;
} & FacilitatorComparison;

export async function getFacilitators(warehouse: Warehouse, params: FacilitatorsParams): Promise<FacilitatorsResponse> {
  const { metric } = params;
  const adjusted = params.adjusted ?? false;
  const { asOf } = await getAsOf(warehouse);
  const resolved = resolveParams(metric, params, asOf);
  const rows = await getFacilitatorStrata(warehouse, cohortInput(metric, resolved, asOf));
  return { metric, params: { ...resolved, metric, adjusted }, asOf, ...compareFacilitators(rows, metric, adjusted) };
}

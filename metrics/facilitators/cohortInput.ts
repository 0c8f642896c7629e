// The cohort of a metric for resolved parameters, over the given periods (the resolved period by default).
import type { ProportionMetric, ResolvedParams } from '../types.ts';
import type { CohortInput, Period } from './cohortCases.ts';

export function cohortInput(metric: ProportionMetric, resolved: ResolvedParams, asOf: string | null, periods?: Period[]): CohortInput {
  return {
    metric,
    periods: periods ?? [{ key: 'period', from: resolved.from, to: resolved.to }],
    minStay: resolved.minStay,
    window: resolved.window,
    program: resolved.program,
    county: resolved.county,
    asOf,
  };
}

// Section 8 of metrics.md from each facilitator's counts and expected events: Wilson intervals, funnel limits with
// overdispersion, empirical-Bayes shrinkage, indirect standardisation, flags and the facilitator spread.
// Every statistic comes from metrics/stats; this file only decides which counts go where.
import { fitBetaBinomial, priorSd, shrink, type BetaPrior } from '../stats/betaBinomial.ts';
import { funnelModel, type FunnelLimits } from '../stats/funnel.ts';
import { quantile } from '../stats/percentile.ts';
import { standardisedRatio } from '../stats/standardise.ts';
import { wilson } from '../stats/wilson.ts';
import { proportionEstimate } from '../proportions/estimate.ts';
import type { ProportionEstimate, ProportionMetric } from '../types.ts';
import type { FacilitatorCountRow } from './getFacilitatorCounts.ts';

export type Flag = 'alert' | 'watch' | 'exemplary' | null;

/** Which way is good: re-entry and repeat entries should be low, successful exits high. */
export const lowerIsBetter: Record<ProportionMetric, boolean> = {
  reentry: true,
  'successful-exits': false,
  'repeat-entries': true,
};

/** Below this many cases a facilitator is never flagged (and left out of the spread). */
export const flagMinimumCases = 10;

export interface FacilitatorFigures {
  staffId: string;
  name: string | null;
  supervisorId: string | null;
  n: number;
  events: number;
  rate: number;
  ciLow: number;
  ciHigh: number;
  shrunk: number | null;
  shrunkLow: number | null;
  shrunkHigh: number | null;
  reliability: number | null;
  expected: number;
  oe: number | null;
  oeLow: number | null;
  oeHigh: number | null;
  adjustedRate: number | null;
  adjustedLow: number | null;
  adjustedHigh: number | null;
  limits: FunnelLimits;
  flag: Flag;
}

export interface FacilitatorComparison {
  overall: ProportionEstimate;
  /** p: the funnel's centre line (the pooled rate; the pooled adjusted rate when adjusted). */
  funnel: { p: number | null; phi: number | null; tau2: number | null };
  prior: BetaPrior | null;
  spread: { p10: number | null; p90: number | null; sd: number | null };
  facilitators: FacilitatorFigures[];
}

/** The flag of section 8 for a rate against its funnel limits. */
export function flagFor(rate: number, n: number, limits: FunnelLimits, lowerBetter: boolean): Flag {
  if (n < flagMinimumCases) return null;
  const bad998 = lowerBetter ? rate > limits.upper998 : rate < limits.lower998;
  const bad95 = lowerBetter ? rate > limits.upper95 : rate < limits.lower95;
  const good95 = lowerBetter ? rate < limits.lower95 : rate > limits.upper95;
  return bad998 ? 'alert' : bad95 ? 'watch' : good95 ? 'exemplary' : null;
}

/**
 * `adjusted`: the funnel (phi, tau2, limits) and the flags compare case-mix adjusted rates
 * (O/E x p, at most 1) instead of raw ones; Wilson intervals, shrinkage and the spread stay on raw counts.
 */
export function compareFacilitators(units: readonly FacilitatorCountRow[], metric: ProportionMetric, adjusted = false): FacilitatorComparison {
  const n = units.reduce((sum, u) => sum + u.n, 0);
  const events = units.reduce((sum, u) => sum + u.events, 0);
  const p = n > 0 ? events / n : null;
  const byUnit = new Map(units.map((u) => [u.staffId, standardisedRatio(u.events, u.expected, p)]));
  // The compared rate: raw, or adjusted; with E = 0 (no event in the unit's strata anywhere) O = 0 too, as expected: O/E taken as 1.
  const compared = (u: FacilitatorCountRow) => {
    if (!adjusted) return u.events / u.n;
    return Math.min(1, byUnit.get(u.staffId)!.adjustedRate ?? p!);
  };
  const funnel = funnelModel(units.map((u) => ({ n: u.n, events: compared(u) * u.n })));
  const prior = fitBetaBinomial(units);
  const lowerBetter = lowerIsBetter[metric];

  const facilitators = units.map((u): FacilitatorFigures => {
    const interval = wilson(u.events, u.n)!;
    const posterior = prior ? shrink(u.events, u.n, prior) : null;
    const s = byUnit.get(u.staffId)!;
    // Every unit here has at least one case, so the model exists and has limits for it.
    const limits = funnel!.limits(u.n)!;
    return {
      staffId: u.staffId,
      name: u.name,
      supervisorId: u.supervisorId,
      n: u.n,
      events: u.events,
      rate: u.events / u.n,
      ciLow: interval.low,
      ciHigh: interval.high,
      shrunk: posterior?.mean ?? null,
      shrunkLow: posterior?.low ?? null,
      shrunkHigh: posterior?.high ?? null,
      reliability: posterior?.reliability ?? null,
      expected: u.expected,
      oe: s.oe,
      oeLow: s.oeLow,
      oeHigh: s.oeHigh,
      adjustedRate: s.adjustedRate,
      adjustedLow: s.adjustedLow,
      adjustedHigh: s.adjustedHigh,
      limits,
      flag: flagFor(compared(u), u.n, limits, lowerBetter),
    };
  });

  const settled = facilitators.filter((f) => f.n >= flagMinimumCases && f.shrunk !== null).map((f) => f.shrunk!);
  return {
    overall: proportionEstimate(events, n),
    funnel: { p: funnel?.p ?? null, phi: funnel?.phi ?? null, tau2: funnel?.tau2 ?? null },
    prior,
    spread: { p10: quantile(settled, 0.1), p90: quantile(settled, 0.9), sd: prior ? priorSd(prior) : null },
    facilitators,
  };
}

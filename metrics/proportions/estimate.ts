// A proportion with its Wilson interval (metrics.md section 6).
import { wilson } from '../stats/wilson.ts';
import type { ProportionEstimate } from '../types.ts';

/** Denominators below this are flagged unstable. */
export const unstableBelow = 20;

export function proportionEstimate(events: number, n: number): ProportionEstimate {
  const ci = n > 0 ? wilson(events, n) : null;
  return {
    n,
    events,
    rate: n > 0 ? events / n : null,
    ciLow: ci?.low ?? null,
    ciHigh: ci?.high ?? null,
    unstable: n < unstableBelow,
    suppressed: false,
  };
}

// A count of events over an exposure (separations over staff-years): the exact 95% interval of its Poisson
// mean (Garwood 1936, R's poisson.test), so a small count gets an honest, asymmetric interval.
import { gammaQuantile } from './distributions.ts';

export interface RateInterval {
  low: number;
  high: number;
}

/**
 * The exact interval of x events (a whole count), divided by the exposure: lower = qgamma(0.025, x) (0 for
 * x = 0), upper = qgamma(0.975, x + 1). Null without exposure.
 */
export function poissonRateInterval(events: number, exposure: number): RateInterval | null {
  if (!(Number.isInteger(events) && events >= 0)) throw new RangeError(`a Poisson count must be a whole number >= 0, got ${events}`);
  if (!(exposure > 0)) return null;
  return {
    low: events === 0 ? 0 : gammaQuantile(0.025, events) / exposure,
    high: gammaQuantile(0.975, events + 1) / exposure,
  };
}

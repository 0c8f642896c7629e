import { describe, expect, it } from 'vitest';
import {
  betaQuantile, chiSquareSurvival, gammaQuantile, logGamma, normalCdf, normalQuantile, regularizedIncompleteBeta,
} from '../../../metrics/stats/distributions.ts';
import { poissonRateInterval } from '../../../metrics/stats/poisson.ts';

describe('normal distribution', () => {
  it('matches the quantiles every statistics table prints', () => {
    // R: qnorm(0.975) = 1.959963984540054, qnorm(0.999) = 3.090232306167813.
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 12);
    expect(normalQuantile(0.999)).toBeCloseTo(3.090232306167813, 12);
    expect(normalQuantile(0.025)).toBeCloseTo(-1.959963984540054, 12);
    // R: qnorm(1e-10) = -6.361340902404056 (deep tail keeps full accuracy).
    expect(normalQuantile(1e-10)).toBeCloseTo(-6.361340902404056, 10);
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
  });

  it('has the cumulative distribution of the tables', () => {
    // R: pnorm(1.96) = 0.9750021048517795, pnorm(-5) = 2.866515718791939e-07.
    expect(normalCdf(1.96)).toBeCloseTo(0.9750021048517795, 14);
    expect(normalCdf(-5) / 2.866515718791939e-7).toBeCloseTo(1, 12);
    expect(normalCdf(0)).toBe(0.5);
  });

  it('rejects a probability outside [0, 1]', () => {
    expect(() => normalQuantile(1.2)).toThrow(RangeError);
  });
});

describe('chi-square upper tail', () => {
  it('gives 5% at the textbook critical values', () => {
    // R: qchisq(0.95, 1) = 3.841459, qchisq(0.95, 10) = 18.30704 (any chi-square table).
    expect(chiSquareSurvival(3.841459, 1)).toBeCloseTo(0.05, 6);
    expect(chiSquareSurvival(3.84146, 1)).toBeCloseTo(0.05, 6);
    expect(chiSquareSurvival(18.30704, 10)).toBeCloseTo(0.05, 6);
  });

  it('equals exp(-x/2) on 2 degrees of freedom', () => {
    // The chi-square on 2 df is exponential with mean 2: P(X > 4) = e^-2 = 0.1353352832366127.
    expect(chiSquareSurvival(4, 2)).toBeCloseTo(0.1353352832366127, 14);
    expect(chiSquareSurvival(0, 3)).toBe(1);
  });
});

describe('log gamma', () => {
  it('matches closed forms', () => {
    // ln Γ(1/2) = ln √π = 0.5723649429247001; ln Γ(10) = ln 9! = ln 362880 = 12.801827480081469;
    // ln Γ(100) = ln 99! = 359.1342053695754.
    expect(logGamma(0.5)).toBeCloseTo(0.5723649429247001, 13);
    expect(logGamma(10)).toBeCloseTo(12.801827480081469, 12);
    expect(logGamma(100)).toBeCloseTo(359.1342053695754, 10);
    expect(logGamma(1)).toBeCloseTo(0, 14);
  });
});

describe('beta distribution', () => {
  it('has the Beta(2, 3) distribution function 6x² - 8x³ + 3x⁴', () => {
    // At x = 0.3: 6(0.09) - 8(0.027) + 3(0.0081) = 0.54 - 0.216 + 0.0243 = 0.3483.
    expect(regularizedIncompleteBeta(0.3, 2, 3)).toBeCloseTo(0.3483, 14);
    expect(regularizedIncompleteBeta(0, 2, 3)).toBe(0);
    expect(regularizedIncompleteBeta(1, 2, 3)).toBe(1);
  });

  it('inverts to the published Beta(2, 3) median', () => {
    // R: qbeta(0.5, 2, 3) = 0.3857276; it solves 6x² - 8x³ + 3x⁴ = 0.5.
    const median = betaQuantile(0.5, 2, 3);
    expect(median).toBeCloseTo(0.3857276, 7);
    expect(6 * median ** 2 - 8 * median ** 3 + 3 * median ** 4).toBeCloseTo(0.5, 14);
  });

  it('matches closed-form quantiles of Beta(1, b) and Beta(a, 1)', () => {
    // Beta(1, 9): F(x) = 1 - (1-x)^9, so q = 1 - (1-p)^(1/9): 0.0028091367465992 at 2.5%, 0.3362671168799428 at 97.5%.
    expect(betaQuantile(0.025, 1, 9)).toBeCloseTo(0.0028091367465992, 13);
    expect(betaQuantile(0.975, 1, 9)).toBeCloseTo(0.3362671168799428, 13);
    // Beta(5, 1): F(x) = x^5, so q = p^(1/5): 0.025^0.2 = 0.4781762498950185.
    expect(betaQuantile(0.025, 5, 1)).toBeCloseTo(0.4781762498950185, 13);
  });

  it('copes with very concentrated and very diffuse shapes', () => {
    // Beta(5e5, 5e6) is nearly normal: mean 1/11, sd √(ab/((a+b)²(a+b+1))) = 0.00012260.
    const sd = Math.sqrt((5e5 * 5e6) / (5.5e6 ** 2 * (5.5e6 + 1)));
    expect(betaQuantile(0.975, 5e5, 5e6)).toBeCloseTo(1 / 11 + 1.959964 * sd, 6);
    // Beta(0.001, 50) puts almost all mass at 0: its 2.5% quantile underflows to 0 (R: 0 as well).
    expect(betaQuantile(0.025, 0.001, 50)).toBeLessThan(1e-300);
    expect(betaQuantile(0, 2, 3)).toBe(0);
    expect(betaQuantile(1, 2, 3)).toBe(1);
  });
});

describe('gamma quantile', () => {
  it('matches R qgamma and its closed forms', () => {
    // Shape 1 is the exponential: qgamma(p, 1) = -log(1 - p); qgamma(0.975, 1) = 3.688879454113936.
    expect(gammaQuantile(0.975, 1)).toBeCloseTo(-Math.log(0.025), 12);
    // qchisq(0.95, 1) = 3.841458820694124 = 2 × qgamma(0.95, 0.5).
    expect(2 * gammaQuantile(0.95, 0.5)).toBeCloseTo(3.841458820694124, 10);
    // R: qgamma(0.025, 10) = 4.795389, qgamma(0.975, 11) = 18.39036.
    expect(gammaQuantile(0.025, 10)).toBeCloseTo(4.795389, 6);
    expect(gammaQuantile(0.975, 11)).toBeCloseTo(18.390356, 6);
    expect(gammaQuantile(0, 3)).toBe(0);
    expect(() => gammaQuantile(1, 3)).toThrow(RangeError);
  });
});

describe('exact Poisson interval (Garwood 1936)', () => {
  it('matches R poisson.test(x, T)$conf.int', () => {
    // poisson.test(0): 0 to 3.688879; poisson.test(1): 0.02531781 to 5.57164339; poisson.test(10): 4.795389 to 18.390356.
    const at = (x: number, t: number) => Object.values(poissonRateInterval(x, t)!);
    expect(at(0, 1)[0]).toBe(0);
    expect(at(0, 1)[1]).toBeCloseTo(3.688879, 6);
    expect(at(1, 1)[0]).toBeCloseTo(0.02531781, 8);
    expect(at(1, 1)[1]).toBeCloseTo(5.57164339, 8);
    expect(at(10, 1)[0]).toBeCloseTo(4.795389, 6);
    expect(at(10, 1)[1]).toBeCloseTo(18.390356, 6);
    // poisson.test(2, T = 4): 0.0605523 to 1.8061719 (the count's limits over the exposure).
    expect(at(2, 4)[0]).toBeCloseTo(0.0605523, 7);
    expect(at(2, 4)[1]).toBeCloseTo(1.8061719, 7);
    expect(poissonRateInterval(3, 0)).toBeNull();
    expect(() => poissonRateInterval(1.5, 1)).toThrow(RangeError);
  });
});

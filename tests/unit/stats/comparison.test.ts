import { describe, expect, it } from 'vitest';
import { funnelModel } from '../../../metrics/stats/funnel.ts';
import { betaBinomialLogLikelihood, fitBetaBinomial, newtonPrior, NO_OVERDISPERSION_STRENGTH, priorSd, shrink } from '../../../metrics/stats/betaBinomial.ts';
import { standardisedRatio } from '../../../metrics/stats/standardise.ts';
import { quantile } from '../../../metrics/stats/percentile.ts';
import { betaQuantile } from '../../../metrics/stats/distributions.ts';

// Rat tumour data (Tarone 1982; Gelman et al., Bayesian Data Analysis 3rd ed., Table 5.1, p. 102): 71 experiments.
const ratTumours = {
  y: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1, 5, 2, 5, 3, 2, 7, 7, 3, 3, 2, 9, 10, 4, 4, 4, 4, 4, 4, 4, 10, 4, 4, 4, 5, 11, 12, 5, 5, 6, 5, 6, 6, 6, 6, 16, 15, 15, 9, 4],
  n: [20, 20, 20, 20, 20, 20, 20, 19, 19, 19, 19, 18, 18, 17, 20, 20, 20, 20, 19, 19, 18, 18, 25, 24, 23, 20, 20, 20, 20, 20, 20, 10, 49, 19, 46, 27, 17, 49, 47, 20, 20, 13, 48, 50, 20, 20, 20, 20, 20, 20, 20, 48, 19, 19, 19, 22, 46, 49, 20, 20, 23, 19, 22, 20, 20, 20, 52, 46, 47, 24, 14],
};
const ratUnits = ratTumours.y.map((events, i) => ({ events, n: ratTumours.n[i] }));

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32), so the simulated sample is the same on every run. */
function mulberry32(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('funnelModel', () => {
  // Hand-worked: facilitators (n, x) = (100, 10), (100, 20), (100, 30), (400, 80).
  // p = 140 / 700 = 0.2; T = asin(√0.2) = 0.4636476.
  // Y = asin(√0.1) = 0.3217506, asin(√0.2) = 0.4636476, asin(√0.3) = 0.5796397, asin(√0.2) = 0.4636476.
  // z = (Y - T) × 2√n = -2.837941, 0, 2.319843, 0.
  // Type-7 percentiles of the sorted z (-2.837941, 0, 0, 2.319843): h = 3 × 0.1 = 0.3 → -2.837941 × 0.7 = -1.986559;
  // h = 3 × 0.9 = 2.7 → 0.7 × 2.319843 = 1.623890. Winsorised z = -1.986559, 0, 1.623890, 0.
  // phi = (3.946416 + 2.637018) / 4 = 1.645858; I phi = 6.583434 > I - 1 = 3, so
  // tau² = (6.583434 - 3) / (Σw - Σw²/Σw), w = 4n = 400, 400, 400, 1600: 2800 - 3 040 000 / 2800 = 1714.2857;
  // tau² = 3.583434 / 1714.2857 = 0.00209034.
  // Limits at n = 100: sd = √(1/400 + 0.00209034) = 0.0677520; sin²(T ± 1.959964 sd) = sin²(0.3308561), sin²(0.5964391)
  // = 0.105529, 0.315507; 99.8%: sin²(T ± 3.090232 sd) = 0.063276, 0.388563.
  const model = funnelModel([{ n: 100, events: 10 }, { n: 100, events: 20 }, { n: 100, events: 30 }, { n: 400, events: 80 }, { n: 0, events: 0 }])!;

  it('pools the rate, ignores units without cases, and estimates phi and tau² by hand', () => {
    expect(model.p).toBeCloseTo(0.2, 14);
    expect(model.units).toBe(4);
    expect(model.target).toBeCloseTo(0.4636476, 7);
    expect(model.phi).toBeCloseTo(1.645858, 6);
    expect(model.tau2).toBeCloseTo(0.00209034, 8);
  });

  it('gives the hand-worked 95% and 99.8% limits at n = 100', () => {
    const limits = model.limits(100)!;
    expect(limits.lower95).toBeCloseTo(0.105529, 6);
    expect(limits.upper95).toBeCloseTo(0.315507, 6);
    expect(limits.lower998).toBeCloseTo(0.063276, 6);
    expect(limits.upper998).toBeCloseTo(0.388563, 6);
  });

  it('uses plain binomial limits when there is no overdispersion, clipped to [0, 1]', () => {
    // Every facilitator at exactly 0.2: all z = 0, phi = 0, tau² = 0; at n = 25, sd = 1/(2·5) = 0.1.
    // sin²(0.4636476 ± 0.1959964) = sin²(0.2676512), sin²(0.6596440) = 0.2644670², 0.6128356² = 0.069943, 0.375567.
    const flat = funnelModel([{ n: 25, events: 5 }, { n: 50, events: 10 }, { n: 100, events: 20 }])!;
    expect([flat.phi, flat.tau2]).toEqual([0, 0]);
    expect(flat.limits(25)!.lower95).toBeCloseTo(0.069943, 6);
    expect(flat.limits(25)!.upper95).toBeCloseTo(0.375567, 6);
    // At n = 1 the lower angle T - 3.090232 × 0.5 is below 0: the limit is 0, not a folded-back sine.
    expect(flat.limits(1)!.lower998).toBe(0);
    expect(flat.limits(1)!.upper998).toBeLessThanOrEqual(1);
  });

  it('narrows as n grows, has no limits at n = 0 and no model without cases', () => {
    expect(model.limits(1000)!.upper95).toBeLessThan(model.limits(100)!.upper95);
    expect(model.limits(0)).toBeNull();
    expect(funnelModel([])).toBeNull();
    expect(funnelModel([{ n: 0, events: 0 }])).toBeNull();
    expect(() => funnelModel([{ n: 5, events: 6 }])).toThrow(RangeError);
  });
});

/** Facilitators with n cases each whose true rates are drawn from Beta(a, b), seeded so every run is the same. */
function simulated(o: { units: number; n: number; a: number; b: number; seed: number }): { n: number; events: number }[] {
  const random = mulberry32(o.seed);
  return Array.from({ length: o.units }, () => {
    const rate = betaQuantile(random(), o.a, o.b);
    let events = 0;
    for (let i = 0; i < o.n; i++) if (random() < rate) events++;
    return { n: o.n, events };
  });
}

describe('fitBetaBinomial', () => {
  it('finds the published maximum-likelihood prior of the rat tumour data', () => {
    // Beta-binomial MLE for the 71 rat tumour experiments: a = 2.3416, b = 14.1148
    // (fractalleaf, "Introduction to empirical Bayes (with rat tumour example)", 2019, scipy Nelder-Mead on the same likelihood).
    const prior = fitBetaBinomial(ratUnits)!;
    expect(prior.a).toBeCloseTo(2.3416, 3);
    expect(prior.b).toBeCloseTo(14.1148, 3);
  });

  it("reaches the rat tumour maximum by Newton's method alone, from near and far", () => {
    // The fit's first method, tested apart from the simplex that takes over where it does not settle: from a mean of
    // 0.14 and a + b = 2, 14 (about the moments' start) and 50, the same published maximum (a = 2.3416, b = 14.1148).
    for (const start of [{ a: 0.28, b: 1.72 }, { a: 1.96, b: 12.04 }, { a: 7, b: 43 }]) {
      const prior = newtonPrior(ratUnits, start);
      expect(prior, JSON.stringify(start)).not.toBeNull();
      expect(prior!.a).toBeCloseTo(2.3416, 3);
      expect(prior!.b).toBeCloseTo(14.1148, 3);
    }
    // Far from the maximum (a + b = 1000) the Hessian is not negative definite: it hands over to the simplex.
    expect(newtonPrior(ratUnits, { a: 140, b: 860 })).toBeNull();
  });

  it('recovers a known prior from a large simulated sample (seeded, so the same every run)', () => {
    // 3000 facilitators, 40 cases each, true rates drawn from Beta(3, 12) (mean 0.2, sd 0.1): a + b = 15 within 15%.
    const prior = fitBetaBinomial(simulated({ units: 3000, n: 40, a: 3, b: 12, seed: 20240611 }))!;
    expect(prior.a / (prior.a + prior.b)).toBeCloseTo(0.2, 2);
    expect(prior.a + prior.b).toBeGreaterThan(15 * 0.85);
    expect(prior.a + prior.b).toBeLessThan(15 * 1.15);
  });

  it('recovers a strong prior (little overdispersion), where the likelihood is nearly flat in a + b', () => {
    // 4000 facilitators, 600 cases each, true rates from Beta(600, 2400) (mean 0.2, sd 0.0073, a + b = 3000):
    // the rates' spread is a fifth of binomial noise, so a + b is loosely determined; within 25%, mean to 3 places.
    const units = simulated({ units: 4000, n: 600, a: 600, b: 2400, seed: 20261124 });
    const prior = fitBetaBinomial(units)!;
    expect(prior.a / (prior.a + prior.b)).toBeCloseTo(0.2, 3);
    expect(prior.a + prior.b).toBeGreaterThan(3000 * 0.75);
    expect(prior.a + prior.b).toBeLessThan(3000 * 1.25);
    // A maximum: the likelihood falls a little either way along a + b.
    const at = (scale: number) => betaBinomialLogLikelihood(units, { a: prior.a * scale, b: prior.b * scale });
    expect(at(1)).toBeGreaterThan(at(1.05));
    expect(at(1)).toBeGreaterThan(at(0.95));
  });

  it('returns a huge a + b at the pooled rate when the rates vary less than binomial noise', () => {
    // Rates 5/20, 5/20, 6/20, 4/20: Σ(x - np)²/(p(1-p)) = (0 + 0 + 1 + 1)/0.1875 = 10.7 <= Σn = 80, so no overdispersion.
    const prior = fitBetaBinomial([{ n: 20, events: 5 }, { n: 20, events: 5 }, { n: 20, events: 6 }, { n: 20, events: 4 }])!;
    expect(prior.a + prior.b).toBe(NO_OVERDISPERSION_STRENGTH);
    expect(prior.a / (prior.a + prior.b)).toBeCloseTo(0.25, 12);
  });

  it('finds an interior maximum where Tarone sees no overdispersion but small units differ widely', () => {
    // Five units of 35 (17, 18, 18, 17, 18 events: alike) and six of 6 (0, 1, 6, 5, 0, 6: far apart). Tarone's
    // statistic is -30.2, yet Σ ln B(x + a, n - x + b) - ln B(a, b) peaks inside: a = 1.1014, b = 1.0966,
    // log-likelihood -144.346 against -146.252 at the pooled limit (maximised independently: scipy betaln on a
    // grid and Nelder-Mead from several starts, an outside audit of 2026-11-24).
    const units = [17, 18, 18, 17, 18].map((events) => ({ n: 35, events })).concat([0, 1, 6, 5, 0, 6].map((events) => ({ n: 6, events })));
    const prior = fitBetaBinomial(units)!;
    expect(prior.a).toBeCloseTo(1.1014, 3);
    expect(prior.b).toBeCloseTo(1.0966, 3);
    expect(betaBinomialLogLikelihood(units, prior)).toBeGreaterThan(betaBinomialLogLikelihood(units, { a: 0.5 * NO_OVERDISPERSION_STRENGTH, b: 0.5 * NO_OVERDISPERSION_STRENGTH }) + 1.8);
  });

  it('is null when nothing can be fitted, and refuses impossible counts', () => {
    expect(fitBetaBinomial([])).toBeNull();
    expect(fitBetaBinomial([{ n: 0, events: 0 }])).toBeNull();
    // Every rate 0 (or every rate 1): the likelihood peaks at a = 0 (b = 0), an improper prior.
    expect(fitBetaBinomial([{ n: 10, events: 0 }, { n: 30, events: 0 }])).toBeNull();
    expect(fitBetaBinomial([{ n: 10, events: 10 }, { n: 30, events: 30 }])).toBeNull();
    expect(() => fitBetaBinomial([{ n: 3, events: 4 }])).toThrow(RangeError);
  });
});

describe('shrink and priorSd', () => {
  it('gives the posterior Beta(x + a, n - x + b) mean, qbeta interval and reliability', () => {
    // Prior Beta(1, 1), 0 of 8: posterior Beta(1, 9); mean 1/10; reliability 8 / (8 + 2) = 0.8;
    // qbeta(0.025, 1, 9) = 1 - 0.975^(1/9) = 0.0028091367, qbeta(0.975, 1, 9) = 1 - 0.025^(1/9) = 0.3362671169.
    const shrunk = shrink(0, 8, { a: 1, b: 1 });
    expect(shrunk.mean).toBeCloseTo(0.1, 14);
    expect(shrunk.reliability).toBeCloseTo(0.8, 14);
    expect(shrunk.low).toBeCloseTo(0.0028091367, 10);
    expect(shrunk.high).toBeCloseTo(0.3362671169, 10);
  });

  it('pulls a small unit towards the prior mean more than a large one', () => {
    // Prior Beta(2, 8) (mean 0.2). 5 of 10: (5 + 2) / (10 + 10) = 0.35; 50 of 100: (50 + 2) / (100 + 10) = 0.4727.
    expect(shrink(5, 10, { a: 2, b: 8 }).mean).toBeCloseTo(0.35, 14);
    expect(shrink(50, 100, { a: 2, b: 8 }).mean).toBeCloseTo(52 / 110, 14);
  });

  it('has the prior standard deviation √(ab / ((a+b)²(a+b+1)))', () => {
    // Beta(2, 3): √(6 / (25 × 6)) = √0.04 = 0.2.
    expect(priorSd({ a: 2, b: 3 })).toBeCloseTo(0.2, 14);
  });
});

describe('standardisedRatio', () => {
  // Two strata (A, B), two facilitators (E is summed in SQL: metrics/facilitators/getFacilitatorCounts.ts).
  // u1: A 2 of 10, B 6 of 10.  u2: A 3 of 30, B 4 of 10.
  // Stratum rates over everyone: A = 5/40 = 0.125, B = 10/20 = 0.5. Overall p = 15/60 = 0.25.
  // u1: O = 8, E = 10 × 0.125 + 10 × 0.5 = 6.25, O/E = 1.28, interval 1.28 exp(±1.96/√8) = (0.640117, 2.559533), adjusted 0.32.
  // u2: O = 7, E = 30 × 0.125 + 10 × 0.5 = 8.75, O/E = 0.8, interval 0.8 exp(±1.96/√7) = (0.381382, 1.678108), adjusted 0.2.
  it('computes O/E, its log interval and the adjusted rate by hand', () => {
    const u1 = standardisedRatio(8, 6.25, 0.25);
    expect(u1.oe).toBeCloseTo(1.28, 14);
    expect(u1.oeLow).toBeCloseTo(0.640117, 6);
    expect(u1.oeHigh).toBeCloseTo(2.559533, 6);
    expect(u1.adjustedRate).toBeCloseTo(0.32, 14);
    // The adjusted rate's interval is O/E's times p: 0.640117 × 0.25 = 0.160029, 2.559533 × 0.25 = 0.639883.
    expect(u1.adjustedLow).toBeCloseTo(0.160029, 6);
    expect(u1.adjustedHigh).toBeCloseTo(0.639883, 6);
    const u2 = standardisedRatio(7, 8.75, 0.25);
    expect(u2.oe).toBeCloseTo(0.8, 14);
    expect(u2.oeLow).toBeCloseTo(0.381382, 6);
    expect(u2.oeHigh).toBeCloseTo(1.678108, 6);
    expect(u2.adjustedRate).toBeCloseTo(0.2, 14);
  });

  it('gives O/E = 0 with no interval when a unit has no events, and null O/E when nothing was expected', () => {
    // Stratum A: 0 of 5 (u3) + 4 of 5 (u4) → 0.4, p = 4/13. Stratum C: 0 of 3 everywhere → rate 0, so u5 expects 0.
    // u3: O = 0, E = 5 × 0.4 = 2, O/E = 0; ln 0 is undefined so the interval is null; adjusted = 0.
    expect(standardisedRatio(0, 2, 4 / 13)).toEqual({ oe: 0, oeLow: null, oeHigh: null, adjustedRate: 0, adjustedLow: null, adjustedHigh: null });
    expect(standardisedRatio(0, 0, 4 / 13)).toEqual({ oe: null, oeLow: null, oeHigh: null, adjustedRate: null, adjustedLow: null, adjustedHigh: null });
    // Without an agency rate there is no adjusted rate.
    expect(standardisedRatio(8, 6.25, null)).toMatchObject({ adjustedRate: null, adjustedLow: null, adjustedHigh: null });
  });

  it('refuses impossible counts', () => {
    expect(() => standardisedRatio(2.5, 1, 0.5)).toThrow(/whole observed count/);
    expect(() => standardisedRatio(2, -1, 0.5)).toThrow(/expected >= 0/);
  });
});

describe('quantile (R type 7)', () => {
  it('matches R quantile(1:10)', () => {
    // R: quantile(1:10) gives 0%: 1, 25%: 3.25, 50%: 5.5, 75%: 7.75, 100%: 10.
    const values = [10, 9, 8, 7, 6, 5, 4, 3, 2, 1];
    expect([0, 0.25, 0.5, 0.75, 1].map((p) => quantile(values, p))).toEqual([1, 3.25, 5.5, 7.75, 10]);
  });

  it('interpolates between order statistics by hand', () => {
    // Sorted (1, 3, 7): h = 2 × 0.1 = 0.2 → 1 + 0.2 × (3 - 1) = 1.4; h = 2 × 0.9 = 1.8 → 3 + 0.8 × (7 - 3) = 6.2.
    expect(quantile([7, 1, 3], 0.1)).toBeCloseTo(1.4, 14);
    expect(quantile([7, 1, 3], 0.9)).toBeCloseTo(6.2, 14);
    expect(quantile([42], 0.9)).toBe(42);
    expect(quantile([], 0.5)).toBeNull();
  });
});

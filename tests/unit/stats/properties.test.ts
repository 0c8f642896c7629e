// Invariants that follow from the definitions, checked over many generated inputs (fast-check, fixed seed).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { betaQuantile, logGamma, normalCdf, normalQuantile, regularizedIncompleteBeta } from '../../../metrics/stats/distributions.ts';
import { wilson } from '../../../metrics/stats/wilson.ts';
import { newcombeDifference } from '../../../metrics/stats/newcombe.ts';
import { kaplanMeier } from '../../../metrics/stats/kaplanMeier.ts';
import { logRank } from '../../../metrics/stats/logRank.ts';
import { funnelModel } from '../../../metrics/stats/funnel.ts';
import { logRisingFactorial } from '../../../metrics/stats/betaBinomial.ts';

const settings = { numRuns: 200, seed: 20240611 };
const count = fc.integer({ min: 0, max: 500 });
const proportion = fc.tuple(count, count).map(([a, b]) => ({ events: Math.min(a, b), n: Math.max(a, b) }));

describe('interval invariants', () => {
  it('a Wilson interval lies in [0, 1] and contains the observed rate', () => {
    fc.assert(fc.property(proportion.filter((u) => u.n > 0), ({ events, n }) => {
      const ci = wilson(events, n)!;
      const p = events / n;
      return ci.low >= 0 && ci.high <= 1 && ci.low <= p + 1e-15 && p <= ci.high + 1e-15;
    }), settings);
  });

  it('a Newcombe interval contains the difference and swapping the groups mirrors it', () => {
    fc.assert(fc.property(proportion.filter((u) => u.n > 0), proportion.filter((u) => u.n > 0), (g1, g2) => {
      const d = newcombeDifference(g1.events, g1.n, g2.events, g2.n)!;
      const m = newcombeDifference(g2.events, g2.n, g1.events, g1.n)!;
      return d.low <= d.diff && d.diff <= d.high && Math.abs(d.low + m.high) < 1e-12 && Math.abs(d.high + m.low) < 1e-12;
    }), settings);
  });
});

describe('distribution invariants', () => {
  it('normalQuantile inverts normalCdf', () => {
    fc.assert(fc.property(fc.double({ min: 1e-12, max: 1 - 1e-12, noNaN: true }), (p) => {
      return Math.abs(normalCdf(normalQuantile(p)) - p) <= 1e-13 + 1e-10 * Math.min(p, 1 - p);
    }), settings);
  });

  it('betaQuantile inverts the incomplete beta for shapes from 0.05 to 1e6', () => {
    const shape = fc.double({ min: Math.log(0.05), max: Math.log(1e6), noNaN: true }).map(Math.exp);
    fc.assert(fc.property(fc.double({ min: 0.001, max: 0.999, noNaN: true }), shape, shape, (p, a, b) => {
      const x = betaQuantile(p, a, b);
      // Where the quantile underflows to 0 (tiny a), the distribution function is already above p at the smallest double.
      if (x === 0) return regularizedIncompleteBeta(Number.MIN_VALUE, a, b) >= p - 1e-9;
      return Math.abs(regularizedIncompleteBeta(x, a, b) - p) < 1e-9;
    }), settings);
  });

  it('ln Γ(a + k) - ln Γ(a) equals the sum of logs it stands for', () => {
    fc.assert(fc.property(fc.double({ min: 0.01, max: 1e7, noNaN: true }), fc.integer({ min: 0, max: 400 }), (a, k) => {
      let sum = 0;
      for (let i = 0; i < k; i++) sum += Math.log(a + i);
      return Math.abs(logRisingFactorial(a, k) - sum) <= 1e-9 * Math.max(1, Math.abs(sum));
    }), settings);
    expect(logRisingFactorial(3, 2)).toBeCloseTo(Math.log(12), 14);
    expect(logRisingFactorial(20, 50)).toBeCloseTo(logGamma(70) - logGamma(20), 9);
  });
});

const lifeTable = fc.array(fc.record({ t: fc.integer({ min: 0, max: 60 }), events: fc.integer({ min: 0, max: 4 }), censored: fc.integer({ min: 0, max: 4 }) }), { maxLength: 30 });

describe('survival invariants', () => {
  it('S never rises, stays in [0, 1], and equals a subject-by-subject product-limit estimate', () => {
    fc.assert(fc.property(lifeTable, (table) => {
      const km = kaplanMeier(table);
      // Independent formulation: expand to subjects, walk distinct event times, r = subjects with time >= t.
      const subjects = table.flatMap((r) => [...Array(r.events).fill([r.t, 1]), ...Array(r.censored).fill([r.t, 0])] as [number, number][]);
      const eventTimes = [...new Set(subjects.filter(([, e]) => e).map(([t]) => t))].sort((x, y) => x - y);
      let s = 1;
      const expected = eventTimes.map((t) => {
        const r = subjects.filter(([u]) => u >= t).length;
        const d = subjects.filter(([u, e]) => u === t && e).length;
        s *= 1 - d / r;
        return [t, r, s];
      });
      const actual = km.steps.filter((x) => x.events > 0).map((x) => [x.t, x.atRisk, x.s]);
      const monotone = km.steps.every((x, i) => x.s >= 0 && x.s <= 1 && (i === 0 || x.s <= km.steps[i - 1].s));
      return monotone && km.n === subjects.length && actual.length === expected.length
        && actual.every(([t, r, v], i) => t === expected[i][0] && r === expected[i][1] && Math.abs(v - expected[i][2]) < 1e-12);
    }), settings);
  });

  it('the log-rank statistic is non-negative, its p in [0, 1], and expected events sum to observed', () => {
    fc.assert(fc.property(lifeTable, lifeTable, (g1, g2) => {
      const test = logRank([g1, g2]);
      if (!test) return true;
      const observed = test.observed.reduce((x, y) => x + y, 0);
      const expected = test.expected.reduce((x, y) => x + y, 0);
      return test.chi2 >= -1e-12 && test.p >= 0 && test.p <= 1 && Math.abs(observed - expected) < 1e-9;
    }), settings);
  });
});

describe('funnel invariants', () => {
  it('limits are nested around the pooled rate and inside [0, 1]', () => {
    fc.assert(fc.property(fc.array(proportion, { minLength: 1, maxLength: 25 }), fc.integer({ min: 1, max: 5000 }), (units, n) => {
      const model = funnelModel(units);
      if (!model) return units.every((u) => u.n === 0);
      const l = model.limits(n)!;
      return model.tau2 >= 0 && 0 <= l.lower998 && l.lower998 <= l.lower95 && l.lower95 <= model.p + 1e-12
        && model.p <= l.upper95 + 1e-12 && l.upper95 <= l.upper998 && l.upper998 <= 1;
    }), settings);
  });
});

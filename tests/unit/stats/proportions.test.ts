import { describe, expect, it } from 'vitest';
import { wilson } from '../../../metrics/stats/wilson.ts';
import { newcombeDifference } from '../../../metrics/stats/newcombe.ts';
import { rateRatio } from '../../../metrics/stats/rateRatio.ts';

const round4 = (x: number) => Math.round(x * 1e4) / 1e4;

describe('wilson', () => {
  it('reproduces Newcombe (1998a) Table I, method 3 (score interval), to 4 decimals', () => {
    // Newcombe RG. Two-sided confidence intervals for the single proportion. Stat Med 1998;17:857-872, Table I.
    const cases: [number, number, number, number][] = [
      [81, 263, 0.2553, 0.3662],
      [15, 148, 0.0624, 0.1605],
      [0, 20, 0, 0.1611],
      [1, 29, 0.0061, 0.1718],
    ];
    for (const [x, n, low, high] of cases) {
      const ci = wilson(x, n)!;
      expect([round4(ci.low), round4(ci.high)]).toEqual([low, high]);
    }
  });

  it('is exactly 0 or 1 at the boundaries and null without cases', () => {
    expect(wilson(0, 5)!.low).toBe(0);
    expect(wilson(5, 5)!.high).toBe(1);
    expect(wilson(0, 0)).toBeNull();
  });

  it('refuses impossible counts', () => {
    expect(() => wilson(6, 5)).toThrow(RangeError);
    expect(() => wilson(-1, 5)).toThrow(RangeError);
  });
});

describe('newcombeDifference (method 10)', () => {
  it('reproduces Newcombe (1998b) Table II examples to 4 decimals', () => {
    // Newcombe RG. Interval estimation for the difference between independent proportions:
    // comparison of eleven methods. Stat Med 1998;17:873-890, Table II, method 10.
    const cases: [number, number, number, number, number, number, number][] = [
      [56, 70, 48, 80, 0.2, 0.0524, 0.3339], // (a)
      [9, 10, 3, 10, 0.6, 0.1705, 0.809], // (b)
      [5, 56, 0, 29, 0.0893, -0.0381, 0.1926], // (d)
    ];
    for (const [x1, n1, x2, n2, diff, low, high] of cases) {
      const d = newcombeDifference(x1, n1, x2, n2)!;
      expect([round4(d.diff), round4(d.low), round4(d.high)]).toEqual([diff, low, high]);
    }
  });

  it('gives 6/7 vs 2/7 as worked by hand from the two Wilson intervals', () => {
    // Wilson 6/7 = (0.486872, 0.974320), Wilson 2/7 = (0.082219, 0.641066); diff = 4/7 = 0.571429.
    // low = 0.571429 - √((0.857143 - 0.486872)² + (0.641066 - 0.285714)²) = 0.571429 - √(0.137100 + 0.126275) = 0.0582
    // high = 0.571429 + √((0.974320 - 0.857143)² + (0.285714 - 0.082219)²) = 0.571429 + √(0.013731 + 0.041410) = 0.8062
    // (The brief quoted 0.0533 for the lower limit; the method-10 formula gives 0.0582, and the upper limit 0.8062 agrees.)
    const d = newcombeDifference(6, 7, 2, 7)!;
    expect([round4(d.diff), round4(d.low), round4(d.high)]).toEqual([0.5714, 0.0582, 0.8062]);
  });

  it('handles zero and full groups as the Wilson limits dictate', () => {
    // (e) 0/10 - 0/20: low = -u(0/20) = -0.1611, high = u(0/10) = 0.2775 (Wilson upper limits, Table I).
    const e = newcombeDifference(0, 10, 0, 20)!;
    expect([round4(e.diff), round4(e.low), round4(e.high)]).toEqual([0, -0.1611, 0.2775]);
    // (h) 10/10 - 0/10: low = 1 - √((1 - 0.72247)² + 0.27753²) = 1 - 0.27753 √2 = 0.6075; high = 1 + √(0 + 0) = 1.
    const h = newcombeDifference(10, 10, 0, 10)!;
    expect([round4(h.diff), round4(h.low), round4(h.high)]).toEqual([1, 0.6075, 1]);
  });

  it('is null when a group has no cases', () => {
    expect(newcombeDifference(1, 5, 0, 0)).toBeNull();
  });
});

describe('rateRatio (Katz log interval)', () => {
  it('matches a hand-worked example', () => {
    // 30/100 vs 15/100: RR = 0.30 / 0.15 = 2.
    // se(ln RR) = √(1/30 - 1/100 + 1/15 - 1/100) = √0.08 = 0.28284271
    // interval = 2 exp(±1.96 × 0.28284271) = 2 exp(±0.55437172) = (2 × 0.57443305, 2 × 1.74084690) = (1.148866, 3.481694)
    const rr = rateRatio(30, 100, 15, 100)!;
    expect(rr.ratio).toBeCloseTo(2, 14);
    expect(rr.low).toBeCloseTo(1.148866, 6);
    expect(rr.high).toBeCloseTo(3.481694, 6);
  });

  it('is symmetric on the log scale: swapping the groups inverts the ratio and its interval', () => {
    const forward = rateRatio(12, 80, 30, 90)!;
    const backward = rateRatio(30, 90, 12, 80)!;
    expect(forward.ratio * backward.ratio).toBeCloseTo(1, 14);
    expect(forward.low * backward.high).toBeCloseTo(1, 14);
  });

  it('is null when either group has no events or no cases', () => {
    expect(rateRatio(0, 50, 5, 50)).toBeNull();
    expect(rateRatio(5, 50, 0, 50)).toBeNull();
    expect(rateRatio(0, 0, 5, 50)).toBeNull();
  });
});

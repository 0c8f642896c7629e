// The pure part of section 8: flags against given limits, and the adjusted funnel's edge cases (no database).
import { describe, expect, it } from 'vitest';
import { compareFacilitators, flagFor } from '../../../../metrics/facilitators/index.ts';
import type { FacilitatorCountRow } from '../../../../metrics/facilitators/getFacilitatorCounts.ts';

const limits = { lower95: 0.2, upper95: 0.8, lower998: 0.1, upper998: 0.9 };

describe('flagFor', () => {
  it('flags by side and limit when lower is better', () => {
    expect([0.95, 0.85, 0.9, 0.8, 0.5, 0.2, 0.15, 0.05].map((r) => flagFor(r, 10, limits, true))).toEqual(
      // beyond 99.8% bad side, between 95% and 99.8%, on a limit (not outside), inside, below 95% (good side)
      ['alert', 'watch', 'watch', null, null, null, 'exemplary', 'exemplary'],
    );
  });

  it('flags by side and limit when higher is better', () => {
    expect([0.95, 0.85, 0.8, 0.5, 0.2, 0.15, 0.1, 0.05].map((r) => flagFor(r, 10, limits, false))).toEqual(
      ['exemplary', 'exemplary', null, null, null, 'watch', 'watch', 'alert'],
    );
  });

  it('never flags fewer than 10 cases', () => {
    expect([0, 1].map((r) => flagFor(r, 9, limits, true))).toEqual([null, null]);
  });
});

describe('compareFacilitators, adjusted', () => {
  const row = (staffId: string, n: number, events: number, expected: number): FacilitatorCountRow => ({
    staffId, name: null, supervisorId: null, n, events, expected,
  });

  it('reports O/E x p as the adjusted rate but caps the compared rate at 1', () => {
    // Stratum x: a 5/5, b 0/45 -> 0.1; stratum y: b 40/50 -> 0.8; p = 45/100 = 0.45.
    // a: E = 5 x 0.1 = 0.5, O/E = 10, adjusted 10 x 0.45 = 4.5 (compared as 1);
    // b: E = 45 x 0.1 + 50 x 0.8 = 44.5, O/E = 40/44.5 = 0.898876, adjusted 0.404494.
    const rows = [row('a', 5, 5, 0.5), row('b', 95, 40, 44.5)];
    const result = compareFacilitators(rows, 'reentry', true);
    const [a, b] = result.facilitators;
    expect(a.oe).toBeCloseTo(10, 10);
    expect(a.adjustedRate).toBeCloseTo(4.5, 10);
    expect(b.adjustedRate).toBeCloseTo(0.404494, 6);
    // The funnel's centre is the pooled compared rate: (5 x 1 + 95 x 0.404494) / 100 = 0.434270.
    expect(result.funnel.p).toBeCloseTo(0.43427, 5);
    // Raw figures are untouched: a 5/5, b 40/95.
    expect([a.rate, b.rate]).toEqual([1, 40 / 95]);
  });
});

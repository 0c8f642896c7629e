import { describe, expect, it } from 'vitest';
import { annualRate, daysInterval } from '../../../dashboard/src/format.ts';

describe('interval text of the headline figures', () => {
  it('reads a median interval, open-ended where the upper limit is not reached', () => {
    expect(daysInterval(212, 180, 1240)).toBe('180 to 1,240 days');
    expect(daysInterval(31, 18, null)).toBe('18 to not reached');
    expect(daysInterval(null, null, null)).toBe('–');
  });

  it('reads an annual rate with its interval, or a dash without a rate', () => {
    expect(annualRate(0.1426, 0.0912, 0.21)).toBe('14.3% a year (95% CI 9.1% to 21.0%)');
    expect(annualRate(0, 0, 0.35)).toBe('0.0% a year (95% CI 0.0% to 35.0%)');
    expect(annualRate(null, null, null)).toBe('–');
  });
});

import { describe, expect, it } from 'vitest';
import { annualRate, comparedFacilitators, daysInterval, rateWithInterval, shareWithInterval, SMALL_BELOW, spreadSentence, turnoverCell, useSmallCellThreshold } from '../../../dashboard/src/format.ts';

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

  it('reads a share still in services with its interval, and a withheld turnover as withheld, not as nothing', () => {
    expect(shareWithInterval(0.62, 0.551, 0.683)).toBe('62.0% (55.1% to 68.3%)');
    expect(shareWithInterval(0.62, null, null)).toBe('62.0%');
    expect(shareWithInterval(null, null, null)).toBe('–');
    expect(turnoverCell(0.142, 12)).toBe('14.2%');
    expect(turnoverCell(null, 0)).toBe('–');
    expect(turnoverCell(null, null)).toBe('withheld');
    expect(turnoverCell(null, 12)).toBe('withheld');
  });

  it('says the rate is about one figure where the spread rounds to it, not "from 16% to 16%" (nor that no one stands out: a funnel may flag some)', () => {
    expect(spreadSentence('Re-entry within 12 months', 0.121, 0.214)).toBe('Re-entry within 12 months ranges from 12% to 21% across facilitators, after allowing for chance.');
    expect(spreadSentence('Re-entry within 12 months', 0.1581, 0.1584, ' (10th to 90th percentile)')).toBe(
      'Re-entry within 12 months is about 16% across facilitators once chance is allowed for (10th to 90th percentile).',
    );
  });

  it("names a funder's compared facilitators as such, with the agency's rate beside them", () => {
    const compared = comparedFacilitators(11, 're-entries', 0.1672);
    expect(spreadSentence('Re-entry within 12 months', 0.21, 0.21, '', compared.who) + compared.note).toBe(
      'Re-entry within 12 months is about 21% across the facilitators compared (each with at least 11 cases and 11 re-entries, or none) once chance is allowed for.' +
        " Leaving out facilitators with fewer re-entries leaves out low rates as well as small caseloads, so this describes the facilitators compared, not the whole agency (the agency's rate is 16.7%).",
    );
    expect(comparedFacilitators(11, 'events', null).note).toMatch(/not the whole agency\.$/);
  });

  it("says the server's threshold for small cells", () => {
    try {
      useSmallCellThreshold(6);
      expect(rateWithInterval({ rate: null, ciLow: null, ciHigh: null, suppressed: true })).toBe('fewer than 6');
      expect(SMALL_BELOW).toBe(6);
    } finally {
      useSmallCellThreshold(11);
    }
    expect(rateWithInterval({ rate: null, ciLow: null, ciHigh: null, suppressed: true })).toBe('fewer than 11');
  });
});

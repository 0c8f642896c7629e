// Contract dates: ISO or US M/D/YYYY, real calendar days only.
import { describe, expect, it } from 'vitest';
import { importDate, parseDate, whyNotDate } from '../../../etl/dates.ts';

describe('parseDate', () => {
  it('accepts ISO and US dates and returns ISO', () => {
    expect(['2024-02-29', '2/29/2024', '02/09/2024', '12/31/1999', '1/1/2000'].map(parseDate)).toEqual(['2024-02-29', '2024-02-29', '2024-02-09', '1999-12-31', '2000-01-01']);
  });

  it('rejects days that do not exist, leap years included', () => {
    expect(['2023-02-29', '1900-02-29', '2024-04-31', '2024-13-01', '2024-00-10', '2024-01-00', '2/30/2024', '13/1/2024'].map(parseDate)).toEqual(Array(8).fill(null));
    expect(parseDate('2000-02-29')).toBe('2000-02-29');
  });

  it('rejects every other format', () => {
    expect(['2024-2-9', '20240209', '09.02.2024', '2024/02/09', '2/9/24', '2/9/02024', ' 2024-02-09', 'yesterday', '2024-02-09T00:00', '1/1/2O24', '-1/1/2024'].map(parseDate)).toEqual(Array(11).fill(null));
  });
});

describe('whyNotDate', () => {
  it('says what is wrong with each kind of rejected date, so a data team can fix it', () => {
    expect(whyNotDate('02.03.2011')).toBe('write it as YYYY-MM-DD or M/D/YYYY');
    expect(whyNotDate('1/5/11')).toBe('write it as YYYY-MM-DD or M/D/YYYY');
    expect(whyNotDate('0999-01-01')).toBe('the year is before 1000');
    expect(whyNotDate('1/5/0999')).toBe('the year is before 1000');
    expect(whyNotDate('2011-13-01')).toBe('there is no month 13');
    expect(whyNotDate('25/12/2011')).toBe('there is no month 25 (M/D/YYYY puts the month first)');
    expect(whyNotDate('2011-02-29')).toBe('2011-02 has no day 29');
    expect(whyNotDate('4/31/2020')).toBe('2020-04 has no day 31');
    expect(whyNotDate('2011-01-00')).toBe('2011-01 has no day 0');
  });
});

describe('importDate', () => {
  it("is today's date where the agency is (TZ), not in UTC", () => {
    const tz = process.env.TZ;
    try {
      // 03:00 UTC on 24 November is 17:00 on 23 November in Honolulu, and 24 November in Berlin.
      const instant = new Date('2026-11-24T03:00:00Z');
      process.env.TZ = 'Pacific/Honolulu';
      expect(importDate(instant)).toBe('2026-11-23');
      process.env.TZ = 'Europe/Berlin';
      expect(importDate(instant)).toBe('2026-11-24');
    } finally {
      process.env.TZ = tz;
    }
  });
});

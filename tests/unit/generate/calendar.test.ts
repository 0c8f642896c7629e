// The generator's own calendar and random numbers: checked against Date.UTC and textbook moments.
import { describe, expect, it } from 'vitest';
import { ageOn, birthday, dayOf, isoOf } from '../../../etl/generate/calendar.ts';
import { Random } from '../../../etl/generate/random.ts';

describe('calendar', () => {
  it('agrees with Date.UTC on every day from 1900 to 2100', () => {
    let mismatches = 0;
    for (let d = Date.UTC(1900, 0, 1) / 86_400_000; d <= Date.UTC(2100, 11, 31) / 86_400_000; d++) {
      const iso = new Date(d * 86_400_000).toISOString().slice(0, 10);
      if (isoOf(d) !== iso || dayOf(iso) !== d) mismatches++;
    }
    expect(mismatches).toBe(0);
  });

  it('rejects impossible dates', () => {
    expect(() => dayOf('2023-02-29')).toThrow(/not a calendar date/);
    expect(() => dayOf('2023-2-1')).toThrow(/not a YYYY-MM-DD date/);
  });

  it('counts whole years of age and birthdays', () => {
    const born = dayOf('2008-02-29');
    // Born on a leap day: 17 on 2025-03-01 (no 29 February in 2025), still 16 the day before.
    expect(ageOn(born, dayOf('2025-02-28'))).toBe(16);
    expect(ageOn(born, dayOf('2025-03-01'))).toBe(17);
    expect(isoOf(birthday(born, 17))).toBe('2025-03-01');
    expect(isoOf(birthday(born, 16))).toBe('2024-02-29');
    expect(ageOn(dayOf('2010-06-15'), dayOf('2025-06-15'))).toBe(15);
    expect(ageOn(dayOf('2010-06-15'), dayOf('2025-06-14'))).toBe(14);
  });
});

describe('Random', () => {
  it('repeats its sequence for a seed and differs between seeds', () => {
    const a = new Random(42), b = new Random(42), c = new Random(43);
    const take = (r: Random) => Array.from({ length: 5 }, () => r.uint32());
    const first = take(a);
    expect(take(b)).toEqual(first);
    expect(take(c)).not.toEqual(first);
  });

  it('draws uniforms and normals with the textbook moments', () => {
    const random = new Random(1);
    const n = 200_000;
    let su = 0, sz = 0, sz2 = 0;
    for (let i = 0; i < n; i++) {
      su += random.next();
      const z = random.normal();
      sz += z;
      sz2 += z * z;
    }
    // Uniform mean 1/2 (sd of the mean 0.29/sqrt(n) = 0.0006); normal mean 0 and variance 1 (sd 0.0022 and 0.0032).
    expect(Math.abs(su / n - 0.5)).toBeLessThan(0.003);
    expect(Math.abs(sz / n)).toBeLessThan(0.01);
    expect(Math.abs(sz2 / n - 1)).toBeLessThan(0.015);
  });
});

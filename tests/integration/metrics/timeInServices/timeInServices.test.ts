// Time in services (metrics.md 4) on a hand-built cohort, both engines.
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../helpers/databases.ts';
import { getTimeInServices } from '../../../../metrics/timeInServices/index.ts';
import type { SurvivalEstimate } from '../../../../metrics/types.ts';
import { loadWarehouse } from './warehouseFixture.ts';

const teen = '2010-06-15'; // 13 at every 2024 start: 12-17
const adult = '1990-01-01'; // 34: 25-44
const elder = '1970-01-01'; // 54: 45-64

// asOf 2024-12-31; durations in days written next to each episode.
const fixture = {
  asOf: '2024-12-31',
  clients: [
    { id: 'c1', born: teen }, { id: 'c2', born: teen }, { id: 'c3', born: elder }, { id: 'c4' }, { id: 'c5', born: teen },
    { id: 'c6' }, { id: 'c7', born: elder }, { id: 'c8', born: adult }, { id: 'c9', born: adult }, { id: 'c10', born: teen },
  ],
  episodes: [
    { id: 'e1', client: 'c1', start: '2024-01-01', end: '2024-01-11' }, // 10, exit; starts on `from`
    { id: 'e2', client: 'c2', start: '2024-01-10', end: '2024-01-30' }, // 20, exit
    { id: 'e3', client: 'c3', start: '2024-02-01' }, // open: censored at 334
    { id: 'e4', client: 'c4', start: '2024-03-01', end: '2024-03-05' }, // 4 < minStay 8: short stay
    { id: 'e5', client: 'c5', start: '2024-06-01', end: '2024-06-21' }, // 20, exit
    { id: 'e6', client: 'c6', start: '2023-12-31', end: '2024-02-01' }, // starts before `from`: not in the cohort
    { id: 'e7', client: 'c7', start: '2024-12-11' }, // open: censored at 20, at risk at 20
    { id: 'e8', client: 'c8', start: '2024-12-28' }, // open for 3 days, shorter than minStay so far: stays in, censored at 3
    { id: 'e9', client: 'c9', start: '2024-12-31' }, // starts on `to` = asOf: censored at 0
    { id: 'e10', client: 'c10', start: '2024-04-01', end: '2024-04-09' }, // 8 = minStay: kept
    { id: 'e11', client: 'c1', start: '2024-05-01', end: '2024-09-28', program: 'Family Therapy' }, // 150, exit
  ],
};

const steps = (e: SurvivalEstimate) => e.curve.map(({ t, s }) => [t, s]);

describeEachDatabase('time in services', (get) => {
  beforeAll(async () => {
    await loadWarehouse(get().warehouse, fixture);
  });

  it('estimates Kaplan-Meier over the entry cohort, censoring open episodes at asOf', async () => {
    const r = await getTimeInServices(get().warehouse, { from: '2024-01-01', to: '2024-12-31' });
    expect(r.asOf).toBe('2024-12-31');
    expect(r.groups).toEqual([]);
    // Cohort e1 e2 e3 e5 e7 e8 e9 e10 e11 = 9; e4 excluded (4 days), e6 started before from.
    expect(r.excluded).toEqual({ shortStay: 1 });
    // Exits at 8, 10, 20, 20, 150; censored at 0, 3, 20, 334.
    expect([r.overall.n, r.overall.events, r.overall.censored]).toEqual([9, 5, 4]);
    // At risk: t=8: 7 (e9, e8 gone) -> 6/7; t=10: 6 -> 6/7*5/6 = 5/7;
    // t=20: 5 (e7, censored at 20, still at risk) with 2 exits -> 5/7*3/5 = 3/7; t=150: 2 -> 3/7*1/2 = 3/14.
    // The curve ends flat at the last censoring (334).
    expect(steps(r.overall)).toEqual([[0, 1], [8, 6 / 7], [10, (6 / 7) * (5 / 6)], [20, (6 / 7) * (5 / 6) * (3 / 5)], [150, (6 / 7) * (5 / 6) * (3 / 5) * (1 / 2)], [334, (6 / 7) * (5 / 6) * (3 / 5) * (1 / 2)]]);
    // First S <= 0.75: 5/7 at 10; <= 0.5: 3/7 at 20; <= 0.25: 3/14 at 150.
    expect([r.overall.q25, r.overall.median, r.overall.q75]).toEqual([10, 20, 150]);
    // S(90) = 3/7, S(180) = 3/14; nobody was followed 365 days (longest 334): null.
    expect(r.overall.stillInServices).toEqual({ '90': (6 / 7) * (5 / 6) * (3 / 5), '180': (6 / 7) * (5 / 6) * (3 / 5) * (1 / 2), '365': null, '730': null });
  });

  it('groups by age group at start, with quartiles not reached as null', async () => {
    const r = await getTimeInServices(get().warehouse, { from: '2024-01-01', to: '2024-12-31', by: 'age_group' });
    const byKey = Object.fromEntries(r.groups.map((g) => [g.key, g]));
    expect(r.groups.map((g) => [g.key, g.label, g.n, g.events, g.censored])).toEqual([
      ['12-17', '12-17', 5, 5, 0],
      ['25-44', '25-44', 2, 0, 2],
      ['45-64', '45-64', 2, 0, 2],
    ]);
    // 12-17: exits at 8, 10, 20, 20, 150: S = 4/5, 3/5, 1/5 (3 at risk, 2 exit), 0.
    expect(steps(byKey['12-17'])).toEqual([[0, 1], [8, 4 / 5], [10, (4 / 5) * (3 / 4)], [20, (4 / 5) * (3 / 4) * (1 / 3)], [150, 0]]);
    expect([byKey['12-17'].q25, byKey['12-17'].median, byKey['12-17'].q75]).toEqual([10, 20, 20]);
    // Longest follow-up 150 days: 180 and beyond are null.
    expect(byKey['12-17'].stillInServices).toEqual({ '90': (4 / 5) * (3 / 4) * (1 / 3), '180': null, '365': null, '730': null });
    // 45-64: e3 (334) and e7 (20) both still open: S stays 1, no quartile is reached.
    expect([byKey['45-64'].q25, byKey['45-64'].median, byKey['45-64'].q75]).toEqual([null, null, null]);
    expect(byKey['45-64'].stillInServices).toEqual({ '90': 1, '180': 1, '365': null, '730': null });
    // 25-44: censored at 0 and 3 only: nothing known past day 3.
    expect(byKey['25-44'].stillInServices).toEqual({ '90': null, '180': null, '365': null, '730': null });
  });

  it('labels program and facilitator groups with their stored names', async () => {
    const byProgram = await getTimeInServices(get().warehouse, { from: '2024-01-01', to: '2024-12-31', by: 'program' });
    // e11 is Family Therapy; the 8 other counted episodes are wraparound.
    expect(byProgram.groups.map((g) => [g.key, g.label, g.n])).toEqual([['family therapy', 'Family Therapy', 1], ['wraparound', 'wraparound', 8]]);
    const byFacilitator = await getTimeInServices(get().warehouse, { from: '2024-01-01', to: '2024-12-31', by: 'facilitator' });
    expect(byFacilitator.groups.map((g) => [g.key, g.label, g.n])).toEqual([['f1', 'Facilitator One', 9]]);
  });

  it('includes both cohort bounds and honours minStay and the program filter', async () => {
    const bounded = await getTimeInServices(get().warehouse, { from: '2024-01-10', to: '2024-06-01' });
    // Starts in [01-10, 06-01]: e2, e3, e4 (short), e10, e11, e5 -> 5 counted, exits 8, 20, 20, 150, censored 334.
    expect([bounded.overall.n, bounded.overall.events, bounded.overall.censored, bounded.excluded.shortStay]).toEqual([5, 4, 1, 1]);
    const strict = await getTimeInServices(get().warehouse, { from: '2024-01-01', to: '2024-12-31', minStay: 11 });
    // Exits under 11 days: e1 (10), e4 (4), e10 (8); open e8 (3 so far) and e9 (0) stay in.
    expect([strict.overall.n, strict.overall.censored, strict.excluded.shortStay]).toEqual([7, 4, 3]);
    const family = await getTimeInServices(get().warehouse, { from: '2024-01-01', to: '2024-12-31', program: ['family therapy'] });
    // Only e11 is in Family Therapy (programs compare case-insensitively).
    expect([family.overall.n, family.overall.median, family.excluded.shortStay]).toEqual([1, 150, 0]);
  });

  it('defaults to the 12 full calendar months before asOf', async () => {
    const r = await getTimeInServices(get().warehouse, {});
    expect([r.params.from, r.params.to, r.params.minStay]).toEqual(['2023-12-01', '2024-11-30', 8]);
    // Starts in [2023-12-01, 2024-11-30]: e1 e2 e3 e5 e6 e10 e11 (e6: 32 days, exit); e4 short; e7 e8 e9 start in December.
    expect([r.overall.n, r.excluded.shortStay]).toEqual([7, 1]);
  });
});

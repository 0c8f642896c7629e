// Time in services compared across groups (metrics.md 7): medians, share still
// in services at 365 days and log-rank tests worked out by hand, both engines.
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../helpers/databases.ts';
import { getSurvivalEquity } from '../../../../metrics/timeInServices/index.ts';
import { MetricInputError } from '../../../../metrics/errors.ts';
import { loadWarehouse } from './warehouseFixture.ts';

// asOf 2025-06-30; cohort = starts in 2024. Durations in days next to each episode.
const fixture = {
  asOf: '2025-06-30',
  clients: [
    { id: 'w1', race: 'white' }, { id: 'w2', race: 'white' }, { id: 'w3', race: 'white' },
    { id: 'b1', race: 'black', gender: 'male' }, { id: 'b2', race: 'black', gender: 'male' }, { id: 'b3', race: 'black', gender: 'male' },
    { id: 'h1', race: 'hispanic_latino' }, { id: 'h2', race: 'hispanic_latino' },
    { id: 'h3', race: 'hispanic_latino', gender: 'male' }, { id: 'h4', race: 'hispanic_latino', gender: 'male' },
    { id: 'u1', race: 'unknown' },
  ],
  episodes: [
    { id: 'ew1', client: 'w1', start: '2024-01-01', end: '2024-01-11' }, // 10, exit
    { id: 'ew2', client: 'w2', start: '2024-02-01', end: '2024-02-21' }, // 20, exit
    { id: 'ew3', client: 'w3', start: '2024-03-01', end: '2024-03-31' }, // 30, exit
    { id: 'eb1', client: 'b1', start: '2024-01-01', end: '2024-01-21' }, // 20, exit
    { id: 'eb2', client: 'b2', start: '2024-02-01', end: '2024-03-12' }, // 40, exit
    { id: 'eb3', client: 'b3', start: '2024-11-11' }, // open: censored at 231
    { id: 'eh1', client: 'h1', start: '2024-03-06' }, // open: censored at 481
    { id: 'eh2', client: 'h2', start: '2024-03-06' }, // 481
    { id: 'eh3', client: 'h3', start: '2024-03-06' }, // 481
    { id: 'eh4', client: 'h4', start: '2024-03-06' }, // 481
    { id: 'eu1', client: 'u1', start: '2024-05-01', end: '2024-05-16' }, // 15, exit
  ],
};
const period = { from: '2024-01-01', to: '2024-12-31' };
const chi2Survival1 = (x: number) => erfc(Math.sqrt(x / 2));

describeEachDatabase('time in services equity', (get) => {
  beforeAll(async () => {
    await loadWarehouse(get().warehouse, fixture);
  });

  it('compares each race with White clients by median, log-rank p and 365-day share', async () => {
    const r = await getSurvivalEquity(get().warehouse, { ...period, dimension: 'race_ethnicity' });
    expect([r.metric, r.reference, r.referenceLabel, r.asOf]).toEqual(['time-in-services', 'white', 'White', '2025-06-30']);
    // 10 of 11 episodes have a known race.
    expect(r.shareKnown).toBe(10 / 11);
    const [black, hispanic, white, unknown] = r.groups;
    expect(r.groups.map((g) => [g.key, g.n, g.events, g.median])).toEqual([
      ['black', 3, 2, 40], // S 2/3 at 20, 1/3 at 40
      ['hispanic_latino', 4, 0, null],
      ['white', 3, 3, 20], // S 2/3 at 10, 1/3 at 20
      ['unknown', 1, 1, 15],
    ]);
    expect(white).toMatchObject({ isReference: true, ratio: 1, diff: 0, gap: false, logRankP: null });
    // Black vs White, exits at 10 (W), 20 (W, B), 30 (W), 40 (B); at risk W/B: 3/3, 2/3, 1/2, 0/2.
    // E_W = 1*3/6 + 2*2/5 + 1*1/3 + 0 = 49/30, O_W = 3; V = 1/4 + 2*(2/5)(3/5)(3/4) + (1/3)(2/3) = 749/900;
    // chi2 = (41/30)^2 / (749/900) = 1681/749 = 2.2443, p = 0.1341: no gap. Ratio of medians 40/20 = 2.
    expect(black.logRankP).toBeCloseTo(chi2Survival1(1681 / 749), 10);
    expect(black.logRankP).toBeCloseTo(0.1341053500268794, 10);
    // White clients were followed only 30 days: no 365-day share, so no difference.
    expect(black).toMatchObject({ ratio: 2, diff: null, gap: false, stays: null, direction: null, isReference: false });
    // Hispanic vs White: exits at 10, 20, 30 (all W); at risk W/H 3/4, 2/4, 1/4.
    // E_W = 3/7 + 1/3 + 1/5 = 101/105; V = 12/49 + 2/9 + 4/25; chi2 = (214/105)^2 / V = 6.6237, p = 0.01006: a gap.
    expect(hispanic.logRankP).toBeCloseTo(chi2Survival1((214 / 105) ** 2 / (12 / 49 + 2 / 9 + 4 / 25)), 10);
    expect(hispanic.logRankP).toBeCloseTo(0.010063270374634803, 10);
    // Fewer exits than expected (0 against 3 - 101/105): Hispanic clients stay longer; median not reached: no ratio.
    expect(hispanic).toMatchObject({ ratio: null, diff: null, gap: true, stays: 'longer', direction: null });
    // Unknown is reported on its own, never compared.
    expect(unknown).toMatchObject({ label: 'Unknown', ratio: null, logRankP: null, gap: false });
    // Three known groups: O = (3, 2, 0), E = (559/630, 111/70, 796/315); chi2 = 642724709/72898871 = 8.8167
    // on 2 df (exact fractions of (O-E)' V^-1 (O-E) over White and Black), p = exp(-chi2/2) = 0.01218.
    expect(r.logRankP).toBeCloseTo(Math.exp(-642724709 / 72898871 / 2), 10);
    expect(r.statements).toEqual([
      'More than half of Hispanic or Latino clients were still in services at the end of follow-up, against 20 days for White clients (log-rank p = 0.010).',
    ]);
  });

  it('pools all other known groups as the reference with rest', async () => {
    const r = await getSurvivalEquity(get().warehouse, { ...period, dimension: 'race_ethnicity', reference: 'rest' });
    expect([r.reference, r.referenceLabel]).toEqual(['rest', 'All other known groups']);
    const hispanic = r.groups.find((g) => g.key === 'hispanic_latino')!;
    // Hispanic vs White + Black: exits at 10, 20 (x2), 30, 40; at risk rest/H: 6/4, 5/4, 3/4, 2/4.
    // E_H = 4/10 + 2*4/9 + 4/7 + 4/6 = 2.5270, O_H = 0; V = 0.24 + 2*(4/9)(5/9)(7/8) + 12/49 + 8/36 = 1.13922;
    // chi2 = 5.6053, p = 0.01791. The pooled median: S(10) = 5/6, S(20) = 5/6 * 3/5 = 1/2 -> 20 days.
    const e = 4 / 10 + 8 / 9 + 4 / 7 + 4 / 6;
    expect(hispanic.logRankP).toBeCloseTo(chi2Survival1(e ** 2 / (0.24 + 280 / 648 + 12 / 49 + 8 / 36)), 10);
    expect(hispanic).toMatchObject({ gap: true, stays: 'longer', isReference: false });
    expect(r.groups.some((g) => g.isReference)).toBe(false);
    // White vs Black + Hispanic: exits at 10, 20 (x2), 30, 40; at risk W/rest 3/7, 2/7, 1/6, 0/6.
    // E_W = 3/10 + 2*2/9 + 1/7 = 0.8873, O_W = 3; V = 0.21 + 2*(2/9)(7/9)(7/8) + 6/49 = 0.63492; chi2 = 7.0300, p = 0.00802.
    // The rest's median is not reached: S(20) = 6/7, S(40) = 5/7. Statements go by p, smallest first.
    const white = r.groups.find((g) => g.key === 'white')!;
    expect(white.logRankP).toBeCloseTo(chi2Survival1((3 - (0.3 + 4 / 9 + 1 / 7)) ** 2 / (0.21 + 196 / 648 + 6 / 49)), 10);
    expect(white).toMatchObject({ gap: true, stays: 'shorter', ratio: null });
    expect(r.statements).toEqual([
      'Half of White clients were still in services after 20 days, while more than half of all other clients with a known race or ethnicity were still in services at the end of follow-up (log-rank p = 0.0080).',
      'More than half of Hispanic or Latino clients were still in services at the end of follow-up, against 20 days for all other clients with a known race or ethnicity (log-rank p = 0.018).',
    ]);
  });

  it('compares the share still in services at 365 days where both were followed that long', async () => {
    const r = await getSurvivalEquity(get().warehouse, { ...period, dimension: 'gender' });
    // Female (largest, the default reference): exits 10, 15, 20, 30, censored 481 x2 -> S(365) = 5/6 * 4/5 * 3/4 * 2/3 = 1/3, median 20.
    // Male: exits 20, 40, censored 231, 481, 481 -> S(365) = 4/5 * 3/4 = 3/5, median not reached.
    expect(r.reference).toBe('female');
    const male = r.groups.find((g) => g.key === 'male')!;
    expect(male.diff).toBeCloseTo(3 / 5 - 1 / 3, 12);
    // Male vs female: O_M = 2, E_M = 5/11 + 5/10 + 2*5/9 + 4/7 + 4/6 = 4579/1386, V = 2683925/1920996,
    // chi2 = 3265249/2683925 = 1.2166, p = 0.2700: no gap, no statement.
    expect(male.logRankP).toBeCloseTo(chi2Survival1(3265249 / 2683925), 10);
    expect(male).toMatchObject({ ratio: null, gap: false, stays: null });
    expect(r.statements).toEqual([]);
  });

  it('refuses unknown as the reference', async () => {
    await expect(getSurvivalEquity(get().warehouse, { ...period, dimension: 'race_ethnicity', reference: 'unknown' })).rejects.toThrow(MetricInputError);
  });
});

/** erfc by its continued fraction (Numerical Recipes erfcc is too coarse for 10 digits); used only to check p. */
function erfc(x: number): number {
  // Series for small x, Lentz continued fraction for large x; both exact to ~1e-15 here.
  if (x < 2) {
    let sum = x;
    let term = x;
    for (let n = 1; n < 200; n++) {
      term *= (-x * x) / n;
      sum += term / (2 * n + 1);
    }
    return 1 - (2 / Math.sqrt(Math.PI)) * sum;
  }
  let f = 0;
  for (let n = 60; n >= 1; n--) f = (n / 2) / (x + f);
  return Math.exp(-x * x) / Math.sqrt(Math.PI) / (x + f);
}

// Section 8 of metrics.md: comparing facilitators, on both engines.
import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../helpers/databases.ts';
import { getFacilitators } from '../../../../metrics/facilitators/index.ts';
import { getReentry, getRepeatEntries, getSuccessfulExits } from '../../../../metrics/index.ts';
import { fitBetaBinomial, priorSd, shrink } from '../../../../metrics/stats/betaBinomial.ts';
import { funnelModel } from '../../../../metrics/stats/funnel.ts';
import { quantile } from '../../../../metrics/stats/percentile.ts';
import type { ProportionMetric } from '../../../../metrics/types.ts';
import { loadFixture, patternCases, periods, type Fixture, type Pattern } from './fixture.ts';

const pad = (i: number) => String(i).padStart(2, '0');

// Sixteen facilitators at exactly the pooled rate (10 of 20), and four at the extremes:
// f17 10 of 10 and f18 9 of 9 (all events), f19 0 of 10 and f20 0 of 9 (none).
const patterns: Pattern[] = [
  ...Array.from({ length: 16 }, (_, i) => ({ facilitator: `f${pad(i + 1)}`, n: 20, events: 10 })),
  { facilitator: 'f17', n: 10, events: 10 },
  { facilitator: 'f18', n: 9, events: 9 },
  { facilitator: 'f19', n: 10, events: 0 },
  { facilitator: 'f20', n: 9, events: 0 },
];

function buildFixture(): Fixture {
  const f: Fixture = {
    asOf: '2024-12-31',
    staff: [
      { id: 's1', name: 'Sam Supervisor', role: 'supervisor' },
      { id: 's2', name: 'Robin Supervisor', role: 'supervisor' },
      ...Array.from({ length: 20 }, (_, i) => ({ id: `f${pad(i + 1)}`, name: `Facilitator ${pad(i + 1)}`, supervisor: i < 10 ? 's1' : 's2' })),
      { id: 'c1', name: 'Casey Mix' },
      { id: 'c2', name: 'Dana Mix' },
      { id: 'c3', name: 'Eli Mix' },
    ],
    clients: [],
    episodes: [],
  };
  patternCases(patterns, f);
  // Case mix, successful exits of 2022-Q1 (exit 2022-02-01 after 62 days) in two programs:
  // c1 Alpha 8 of 10; c2 Beta 2 of 10; c3 Alpha 6 of 6 and Beta 0 of 4.
  const mix: [string, string, number, number][] = [['c1', 'Alpha', 10, 8], ['c2', 'Beta', 10, 2], ['c3', 'Alpha', 6, 6], ['c3', 'Beta', 4, 0]];
  for (const [facilitator, program, n, events] of mix) {
    for (let i = 0; i < n; i++) {
      const id = `m-${facilitator}-${program}-${i}`;
      f.clients.push({ id });
      f.episodes.push({ id, client: id, facilitator, program, start: '2021-12-01', end: '2022-02-01', reason: i < events ? 'completed' : 'disengaged' });
    }
  }
  // Clients whose records exercise every cohort rule, in 2022-Q2/Q3 and 2024-Q2 (outside the periods above).
  f.clients.push({ id: 'n1' }, { id: 'n2' }, { id: 'n3' }, { id: 'n4' }, { id: 'n5' }, { id: 'n6' }, { id: 'n7' }, { id: 'n8', county: 'River' }, { id: 'n9', birth: '1990-05-05' });
  f.episodes.push(
    // a later exit of the same client, itself a re-entry of the first, then a third entry
    { id: 'n1-a', client: 'n1', facilitator: 'f01', start: '2022-04-01', end: '2022-05-01', reason: 'completed' },
    { id: 'n1-b', client: 'n1', facilitator: 'f02', start: '2022-05-10', end: '2022-07-01', reason: 'disengaged' },
    { id: 'n1-c', client: 'n1', facilitator: 'f02', start: '2022-09-01' },
    // a 4-day stay
    { id: 'n2-a', client: 'n2', facilitator: 'f01', start: '2022-05-01', end: '2022-05-05', reason: 'completed' },
    // an out-of-home placement (not a community exit), then a new entry
    { id: 'n3-a', client: 'n3', facilitator: 'f02', start: '2022-04-01', end: '2022-06-01', reason: 'out_of_home' },
    { id: 'n3-b', client: 'n3', facilitator: 'f02', start: '2022-06-10' },
    // moved away (outside the agency's control)
    { id: 'n4-a', client: 'n4', facilitator: 'f01', start: '2022-04-01', end: '2022-06-01', reason: 'moved' },
    // first exit in another program, then a Wraparound exit
    { id: 'n5-a', client: 'n5', facilitator: 'f01', program: 'Beta', start: '2022-03-01', end: '2022-05-01', reason: 'completed' },
    { id: 'n5-b', client: 'n5', facilitator: 'f02', start: '2022-05-02', end: '2022-08-01', reason: 'stepped_down' },
    // concurrent services: the second episode started before the first ended
    { id: 'n6-a', client: 'n6', facilitator: 'f02', start: '2022-04-01', end: '2022-06-01', reason: 'completed' },
    { id: 'n6-b', client: 'n6', facilitator: 'f01', start: '2022-05-01', end: '2022-09-01', reason: 'completed' },
    // follow-up not complete on asOf
    { id: 'n7-a', client: 'n7', facilitator: 'f01', start: '2024-04-01', end: '2024-06-30', reason: 'completed' },
    // another county; an adult
    { id: 'n8-a', client: 'n8', facilitator: 'f02', start: '2022-05-01', end: '2022-06-15', reason: 'completed' },
    { id: 'n9-a', client: 'n9', facilitator: 'f01', start: '2022-05-01', end: '2022-07-01', reason: 'disengaged' },
  );
  return f;
}

describeEachDatabase('comparing facilitators (metrics.md 8)', (get) => {
  beforeAll(async () => {
    await loadFixture(get().warehouse, buildFixture());
  });

  it('gives raw rates with Wilson intervals, funnel limits, O/E and flags at the n = 9 / 10 boundary (successful exits)', async () => {
    const result = await getFacilitators(get().warehouse, { metric: 'successful-exits', ...periods['successful-exits'] });
    expect(result.asOf).toBe('2024-12-31');
    expect(result.params).toMatchObject({ metric: 'successful-exits', adjusted: false, from: '2023-07-01', to: '2023-09-30', minStay: 8 });
    // 16 x 10/20 + 10/10 + 9/9 + 0/10 + 0/9: 179 of 358 = 0.5.
    expect(result.overall).toMatchObject({ n: 358, events: 179, rate: 0.5 });
    expect(result.facilitators.map((f) => f.staffId)).toEqual(patterns.map((p) => p.facilitator));

    const f01 = result.facilitators[0];
    // Wilson 10/20: centre 0.5 + 3.841459/40 = 0.596037, half-width 1.959964 sqrt(0.0125 + 3.841459/1600) = 0.239251,
    // scale 1 + 3.841459/20 = 1.192073 -> 0.299298 to 0.700702.
    expect(f01).toMatchObject({ staffId: 'f01', name: 'Facilitator 01', supervisorId: 's1', n: 20, events: 10, rate: 0.5 });
    expect(f01.ciLow).toBeCloseTo(0.299298, 6);
    expect(f01.ciHigh).toBeCloseTo(0.700702, 6);

    // z_j = (asin(sqrt(rate)) - pi/4) 2 sqrt(n): 0 for f01-f16, +-4.967294 (n 10), +-4.712389 (n 9).
    // Type-7 10th/90th percentiles of the 20 z: -4.712389 + 0.9 (0 + 4.712389) = -0.471239 and +0.471239,
    // so the four extremes are winsorised to +-0.471239: phi = 4 x 0.222066 / 20 = 0.044413; I phi < I - 1 -> tau2 = 0.
    expect(result.funnel.p).toBe(0.5);
    expect(result.funnel.phi).toBeCloseTo(0.0444132, 6);
    expect(result.funnel.tau2).toBe(0);
    // With p = 0.5 the limits are (1 -+ sin(2 z / (2 sqrt n))) / 2. n = 20: z 1.959964 -> sin(0.438262) = 0.424366
    // -> 0.287817 / 0.712183; z 3.090232 -> sin(0.691006) = 0.637306 -> 0.181347 / 0.818653.
    expect(f01.limits.lower95).toBeCloseTo(0.287817, 6);
    expect(f01.limits.upper95).toBeCloseTo(0.712183, 6);
    expect(f01.limits.lower998).toBeCloseTo(0.181347, 6);
    expect(f01.limits.upper998).toBeCloseTo(0.818653, 6);
    const f17 = result.facilitators[16];
    // n = 10: sin(0.619796) = 0.580868 -> 0.209566 / 0.790434; sin(0.977221) = 0.8290 -> 0.085528 / 0.914472.
    expect(f17.limits.lower95).toBeCloseTo(0.209566, 6);
    expect(f17.limits.upper95).toBeCloseTo(0.790434, 6);
    expect(f17.limits.lower998).toBeCloseTo(0.085528, 6);
    expect(f17.limits.upper998).toBeCloseTo(0.914472, 6);

    // One stratum (Wraparound, 12-17 at exit, no prior episode) at 0.5: E = n / 2.
    // f17: O/E = 10 / 5 = 2, interval 2 exp(-+1.96 / sqrt(10)) = 1.076097 to 3.717136; adjusted 2 x 0.5 = 1.
    expect(f01).toMatchObject({ expected: 10, oe: 1, adjustedRate: 0.5 });
    expect(f17).toMatchObject({ expected: 5, oe: 2, adjustedRate: 1 });
    expect(f17.oeLow).toBeCloseTo(1.076097, 6);
    expect(f17.oeHigh).toBeCloseTo(3.717136, 6);
    // f19 has no events: O/E 0 with no log interval.
    expect(result.facilitators[18]).toMatchObject({ expected: 5, oe: 0, oeLow: null, oeHigh: null, adjustedRate: 0 });

    // Higher is better: 10/10 is above the 95% limit (exemplary), 0/10 below the 99.8% limit (alert);
    // the same extremes with 9 cases are never flagged.
    expect(Object.fromEntries(result.facilitators.filter((f) => f.flag).map((f) => [f.staffId, f.flag]))).toEqual({ f17: 'exemplary', f19: 'alert' });
  });

  it('turns the flags round for the measures where lower is better', async () => {
    for (const metric of ['reentry', 'repeat-entries'] as const) {
      const result = await getFacilitators(get().warehouse, { metric, ...periods[metric] });
      // The same counts as for successful exits (the fixture writes each pattern once per metric).
      expect(result.facilitators.map((f) => [f.staffId, f.n, f.events])).toEqual(patterns.map((p) => [p.facilitator, p.n, p.events]));
      // 10/10 re-entered: above the 99.8% limit 0.914472 (alert); 0/10: below the 95% limit 0.209566 (exemplary).
      expect(Object.fromEntries(result.facilitators.filter((f) => f.flag).map((f) => [f.staffId, f.flag]))).toEqual({ f17: 'alert', f19: 'exemplary' });
    }
  });

  it('shrinks with the beta-binomial prior the stats module fits on the same counts, and reports the spread', async () => {
    const result = await getFacilitators(get().warehouse, { metric: 'reentry', ...periods.reentry });
    const units = patterns.map((p) => ({ n: p.n, events: p.events }));
    const prior = fitBetaBinomial(units)!;
    expect(result.prior).toEqual(prior);
    // The counts are symmetric about 0.5, so the fitted prior is too (a = b up to the optimiser's tolerance).
    expect(prior.a / (prior.a + prior.b)).toBeCloseTo(0.5, 6);
    for (const [i, p] of patterns.entries()) {
      const s = shrink(p.events, p.n, prior);
      expect(result.facilitators[i]).toMatchObject({ shrunk: s.mean, shrunkLow: s.low, shrunkHigh: s.high, reliability: s.reliability });
    }
    // Shrinkage pulls the extremes in, never past the pooled rate.
    expect(result.facilitators[16].shrunk!).toBeLessThan(1);
    expect(result.facilitators[16].shrunk!).toBeGreaterThan(0.5);
    // Spread over the 18 facilitators with n >= 10 (f18, f20 left out): sorted, the 10th percentile is at
    // h = 17 x 0.1 = 1.7, between the 2nd and 3rd values, both a 10-of-20 facilitator's (10 + a)/(20 + a + b) = 0.5;
    // the 90th at h = 15.3, also between two of them.
    expect(result.spread.p10).toBeCloseTo(0.5, 6);
    expect(result.spread.p90).toBeCloseTo(0.5, 6);
    const settled = result.facilitators.filter((f) => f.n >= 10).map((f) => f.shrunk!);
    expect(settled).toHaveLength(18);
    expect(result.spread).toEqual({ p10: quantile(settled, 0.1), p90: quantile(settled, 0.9), sd: priorSd(prior) });
    // phi and tau2 are the stats module's for the same units.
    const model = funnelModel(units)!;
    expect(result.funnel).toEqual({ p: model.p, phi: model.phi, tau2: model.tau2 });
  });

  it('adjusts for case mix by indirect standardisation over two strata', async () => {
    const result = await getFacilitators(get().warehouse, { metric: 'successful-exits', from: '2022-01-01', to: '2022-03-31' });
    // Stratum Alpha (all 12-17, no prior episode): c1 8/10 + c3 6/6 = 14/16 = 0.875; Beta: c2 2/10 + c3 0/4 = 2/14 = 0.142857.
    // Agency p = 16/30 = 0.533333.
    // c1: E = 10 x 0.875 = 8.75, O/E = 8/8.75 = 0.914286, interval 0.914286 exp(-+1.96/sqrt 8) = 0.457226 to 1.828238,
    //     adjusted 0.914286 x 0.533333 = 0.487619.
    // c2: E = 10 x 2/14 = 1.428571, O/E = 2/1.428571 = 1.4, adjusted 0.746667.
    // c3: E = 6 x 0.875 + 4 x 2/14 = 5.25 + 0.571429 = 5.821429, O/E = 6/5.821429 = 1.030675, adjusted 0.549693.
    const [c1, c2, c3] = result.facilitators;
    expect(result.overall).toMatchObject({ n: 30, events: 16 });
    expect([c1.staffId, c1.n, c1.events, c2.staffId, c2.n, c2.events, c3.staffId, c3.n, c3.events]).toEqual(['c1', 10, 8, 'c2', 10, 2, 'c3', 10, 6]);
    expect(c1.expected).toBeCloseTo(8.75, 10);
    expect(c1.oe).toBeCloseTo(0.914286, 6);
    expect(c1.oeLow).toBeCloseTo(0.457226, 6);
    expect(c1.oeHigh).toBeCloseTo(1.828238, 6);
    expect(c1.adjustedRate).toBeCloseTo(0.487619, 6);
    expect(c2.expected).toBeCloseTo(1.428571, 6);
    expect(c2.oe).toBeCloseTo(1.4, 10);
    expect(c2.adjustedRate).toBeCloseTo(0.746667, 6);
    expect(c3.expected).toBeCloseTo(5.821429, 6);
    expect(c3.oe).toBeCloseTo(1.030675, 6);
    expect(c3.adjustedRate).toBeCloseTo(0.549693, 6);
  });

  it('compares adjusted rates in the funnel when asked', async () => {
    // Repeat entries: every event case has a prior episode (stratum rate 1), every other case none (rate 0),
    // so case mix explains everything: O/E = 1 (E = 0 for f19, f20: treated as expected), every adjusted rate is 0.5.
    const raw = await getFacilitators(get().warehouse, { metric: 'repeat-entries', ...periods['repeat-entries'] });
    const adjusted = await getFacilitators(get().warehouse, { metric: 'repeat-entries', ...periods['repeat-entries'], adjusted: true });
    expect(raw.facilitators[16]).toMatchObject({ expected: 10, oe: 1, adjustedRate: 0.5 });
    expect(raw.facilitators[18]).toMatchObject({ expected: 0, oe: null, adjustedRate: null });
    expect(adjusted.params.adjusted).toBe(true);
    // All compared rates equal the pooled 0.5: every z is 0, no overdispersion and no flag.
    expect(adjusted.funnel).toEqual({ p: 0.5, phi: 0, tau2: 0 });
    expect(adjusted.facilitators.filter((f) => f.flag)).toEqual([]);
    // Raw rates, intervals and shrinkage do not change.
    expect(adjusted.facilitators.map((f) => [f.rate, f.ciLow, f.shrunk])).toEqual(raw.facilitators.map((f) => [f.rate, f.ciLow, f.shrunk]));
  });

  describe('the overall figure is the agency figure of the proportion metrics', () => {
    const agency = { reentry: getReentry, 'successful-exits': getSuccessfulExits, 'repeat-entries': getRepeatEntries };
    const cases = [
      { label: 'default period', params: {} },
      { label: 'every period at once', params: { from: '2022-01-01', to: '2024-12-31' } },
      { label: 'filtered, shorter minimum stay', params: { from: '2022-01-01', to: '2024-12-31', program: ['WRAPAROUND'], county: ['lake'], minStay: 3 } },
      { label: 'exits of 2022-Q2/Q3 only', params: { from: '2022-04-01', to: '2022-09-30', window: 180 as const } },
    ];
    for (const metric of ['reentry', 'successful-exits', 'repeat-entries'] as ProportionMetric[]) {
      for (const { label, params } of cases) {
        it(`${metric}, ${label}`, async () => {
          const ours = await getFacilitators(get().warehouse, { ...params, metric });
          const theirs = await agency[metric](get().warehouse, params);
          expect(ours.overall).toEqual(theirs.overall);
          expect(ours.overall.n).toBeGreaterThan(0);
          expect(ours.params).toEqual({ ...theirs.params, metric, adjusted: false });
          // The facilitators' counts add up to the overall.
          expect(ours.facilitators.reduce((s, f) => s + f.n, 0)).toBe(ours.overall.n);
        });
      }
    }
  });

  it('leaves facilitators with small cells out of the comparison altogether when given minimumCell (funders)', async () => {
    // With minimumCell 10 (counts 1 to 9 are small): f18 (9 of 9) and f20 (0 of 9) go. Together they carry 9
    // events, which the agency's 179 of 358 less the comparison's overall would give back, so the next smallest
    // goes too: f17 (10 of 10; n 10 like f19, first by id), making 19 events of 28 cases. f01-f16 (10 of 20) and
    // f19 (0 of 10: zero is no small count) stay: 160 of 330, pooled rate 16/33.
    const result = await getFacilitators(get().warehouse, { metric: 'successful-exits', ...periods['successful-exits'], minimumCell: 10 });
    expect(result.params).toMatchObject({ minimumCell: 10 });
    expect(result.facilitators.map((f) => f.staffId)).toEqual([...patterns.slice(0, 16), patterns[18]].map((p) => p.facilitator));
    expect(result.overall).toMatchObject({ n: 330, events: 160, rate: 160 / 330 });
    expect(result.funnel.p).toBe(160 / 330);
    // At the default 11, every facilitator has 10 or fewer events or cases here: none is compared.
    const none = await getFacilitators(get().warehouse, { metric: 'successful-exits', ...periods['successful-exits'], minimumCell: 11 });
    expect([none.facilitators, none.overall.n]).toEqual([[], 0]);
    // Without it, the leader's comparison keeps all 20 (358 cases).
    expect((await getFacilitators(get().warehouse, { metric: 'successful-exits', ...periods['successful-exits'] })).overall.n).toBe(358);
  });

  it('answers an empty period with no facilitators', async () => {
    const result = await getFacilitators(get().warehouse, { metric: 'reentry', from: '2010-01-01', to: '2010-12-31' });
    expect(result.facilitators).toEqual([]);
    expect(result.overall).toMatchObject({ n: 0, events: 0, rate: null });
    expect(result.funnel).toEqual({ p: null, phi: null, tau2: null });
    expect(result.prior).toBeNull();
    expect(result.spread).toEqual({ p10: null, p90: null, sd: null });
  });
});

// One facilitator's detail: figures against the agency, trend, caseload, within-caseload equity, certification.
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../helpers/databases.ts';
import { getFacilitatorDetail } from '../../../../metrics/facilitators/index.ts';
import { getReentry, getRepeatEntries, getSuccessfulExits } from '../../../../metrics/index.ts';
import { loadFixture, type Fixture } from './fixture.ts';

const period = { from: '2024-01-01', to: '2024-06-30' };

/** `count` clients of one facilitator, each exiting on 2024-03-01 after 121 days; the first `successes` complete. */
function exits(f: Fixture, facilitator: string, race: string, count: number, successes: number, client: Partial<{ gender: string; birth: string }> = {}) {
  for (let i = 0; i < count; i++) {
    const id = `${facilitator}-${race}-${i}`;
    f.clients.push({ id, race, ...client });
    f.episodes.push({ id, client: id, facilitator, start: '2023-11-01', end: '2024-03-01', reason: i < successes ? 'completed' : 'disengaged' });
  }
}

function buildFixture(): Fixture {
  const f: Fixture = {
    asOf: '2024-12-31',
    staff: [
      { id: 's1', name: 'Sam Supervisor', role: 'supervisor' },
      { id: 'd1', name: 'Dana Detail', supervisor: 's1', hire: '2019-03-01', certified: '2023-07-01' },
      { id: 'd2', name: 'Devon Other', supervisor: 's1' },
      { id: 'd3', name: 'Drew Third', supervisor: null, hire: '2020-01-01', separation: '2024-11-30' },
    ],
    clients: [],
    episodes: [],
  };
  // d1 in 2024-Q1: White 6 of 12, Black (boys) 8 of 10, Hispanic 9 of 9, unknown (adults) 1 of 3 successful exits: 24 of 34.
  exits(f, 'd1', 'white', 12, 6);
  exits(f, 'd1', 'black', 10, 8, { gender: 'male' });
  exits(f, 'd1', 'hispanic_latino', 9, 9);
  exits(f, 'd1', 'unknown', 3, 1, { birth: '1990-01-01' });
  // Three of d1's Black clients come back on 2024-05-01, to d2: re-entries (61 days) and repeat entries.
  for (let i = 0; i < 3; i++) f.episodes.push({ id: `back-${i}`, client: `d1-black-${i}`, facilitator: 'd2', start: '2024-05-01' });
  // d2: 5 of 10; d3: White 3 of 9 (too few for a comparison), Black 6 of 12.
  exits(f, 'd2', 'white', 10, 5);
  exits(f, 'd3', 'white', 9, 3);
  exits(f, 'd3', 'black', 12, 6);
  // d1 before certification: 1 of 5 successful exits on 2023-03-01 (2023-Q1).
  for (let i = 0; i < 5; i++) {
    f.clients.push({ id: `early-${i}` });
    f.episodes.push({ id: `early-${i}`, client: `early-${i}`, facilitator: 'd1', start: '2022-12-01', end: '2023-03-01', reason: i < 1 ? 'completed' : 'disengaged' });
  }
  // d1 on asOf: two open episodes, and one that closes on asOf (closed, not carried; a 2024-Q4 successful exit).
  f.clients.push({ id: 'open-1' }, { id: 'open-2' }, { id: 'closing' });
  f.episodes.push(
    { id: 'open-1', client: 'open-1', facilitator: 'd1', start: '2024-10-01' },
    { id: 'open-2', client: 'open-2', facilitator: 'd1', start: '2024-10-01' },
    { id: 'closing', client: 'closing', facilitator: 'd1', start: '2024-09-01', end: '2024-12-31', reason: 'completed' },
  );
  return f;
}

describeEachDatabase('facilitator detail', (get) => {
  beforeAll(async () => {
    await loadFixture(get().warehouse, buildFixture());
  });

  it('is null for an unknown staff id', async () => {
    expect(await getFacilitatorDetail(get().warehouse, 'nobody', { metric: 'reentry' })).toBeNull();
    // Ids are opaque and case-sensitive.
    expect(await getFacilitatorDetail(get().warehouse, 'D1', { metric: 'reentry' })).toBeNull();
    // A supervisor with no cases of their own is not a facilitator.
    expect(await getFacilitatorDetail(get().warehouse, 's1', { metric: 'reentry' })).toBeNull();
  });

  it('gives the staff record, supervisor and caseload on asOf', async () => {
    const detail = (await getFacilitatorDetail(get().warehouse, 'd1', { metric: 'successful-exits', ...period }))!;
    expect(detail.asOf).toBe('2024-12-31');
    expect(detail.params).toMatchObject({ metric: 'successful-exits', ...period });
    // open-1 and open-2 are open on 2024-12-31; 'closing' ended that day.
    expect(detail.facilitator).toEqual({
      staffId: 'd1', name: 'Dana Detail', supervisorId: 's1', supervisorName: 'Sam Supervisor',
      hireDate: '2019-03-01', separationDate: null, certifiedDate: '2023-07-01', caseload: 2,
    });
    const d3 = (await getFacilitatorDetail(get().warehouse, 'd3', { metric: 'successful-exits', ...period }))!;
    expect(d3.facilitator).toMatchObject({ supervisorId: null, supervisorName: null, separationDate: '2024-11-30', certifiedDate: null, caseload: 0 });
    expect(d3.certification).toBeNull();
  });

  it('sets the facilitator against the agency for all three measures, agreeing with the agency metrics', async () => {
    const params = { ...period, window: 180 as const };
    const detail = (await getFacilitatorDetail(get().warehouse, 'd1', { metric: 'successful-exits', ...params }))!;
    // Successful exits in 2024-H1: d1 24 of 34; agency 24/34 + d2 5/10 + d3 9/21 = 38 of 65.
    // Wilson 24/34: centre 0.705882 + 0.056492 = 0.762374, half-width 1.959964 x 0.083291 = 0.163248, scale 1.112984
    //   -> 0.538311 to 0.831654.
    const exits = detail.figures['successful-exits'];
    expect(exits).toMatchObject({ from: '2024-01-01', to: '2024-06-30', facilitator: { n: 34, events: 24 }, agency: { n: 65, events: 38 } });
    expect(exits.facilitator.ciLow).toBeCloseTo(0.538311, 6);
    expect(exits.facilitator.ciHigh).toBeCloseTo(0.831654, 6);
    // Re-entry within 180 days: the same exits are community exits with follow-up complete by 2024-08-28;
    // three of d1's clients re-entered: 3 of 34, agency 3 of 65.
    expect(detail.figures.reentry).toMatchObject({ facilitator: { n: 34, events: 3 }, agency: { n: 65, events: 3 } });
    // Repeat entries in 2024-H1: only the three returns (all d2's, 61 days after an exit): d1 none, agency 3 of 3.
    expect(detail.figures['repeat-entries']).toMatchObject({ facilitator: { n: 0, events: 0, rate: null }, agency: { n: 3, events: 3 } });
    expect(detail.figures.reentry.agency).toEqual((await getReentry(get().warehouse, params)).overall);
    expect(detail.figures['successful-exits'].agency).toEqual((await getSuccessfulExits(get().warehouse, params)).overall);
    expect(detail.figures['repeat-entries'].agency).toEqual((await getRepeatEntries(get().warehouse, params)).overall);
  });

  it('trends over the last 8 quarters up to the period\'s end, with complete follow-up', async () => {
    const detail = (await getFacilitatorDetail(get().warehouse, 'd1', { metric: 'successful-exits', from: '2024-01-01', to: '2024-12-31' }))!;
    // The period ends on asOf, 2024-12-31, the last day of 2024-Q4: 2023-Q1 to 2024-Q4.
    expect(detail.trend.map((t) => t.quarter)).toEqual(['2023-Q1', '2023-Q2', '2023-Q3', '2023-Q4', '2024-Q1', '2024-Q2', '2024-Q3', '2024-Q4']);
    const counts = detail.trend.map((t) => [t.facilitator.n, t.facilitator.events, t.agency.n, t.agency.events]);
    // 2023-Q1: d1's 1 of 5 early exits; 2024-Q1: 24/34 and the agency's 38/65; 2024-Q4: the exit on asOf.
    expect(counts).toEqual([[5, 1, 5, 1], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], [34, 24, 65, 38], [0, 0, 0, 0], [0, 0, 0, 0], [1, 1, 1, 1]]);
    expect(detail.trend[4]).toMatchObject({ from: '2024-01-01', to: '2024-03-31' });
    // The default period (Dec 2023 to Nov 2024) ends inside 2024-Q4: 2022-Q4 to 2024-Q3, as the Overview's trend.
    const byDefault = (await getFacilitatorDetail(get().warehouse, 'd1', { metric: 'successful-exits' }))!;
    expect([byDefault.trend[0].quarter, byDefault.trend[7].quarter]).toEqual(['2022-Q4', '2024-Q3']);
    // An earlier period shows its own quarters, not the latest ones.
    const earlier = (await getFacilitatorDetail(get().warehouse, 'd1', { metric: 'successful-exits', from: '2022-01-01', to: '2022-12-31' }))!;
    expect([earlier.trend[0].quarter, earlier.trend[7].quarter]).toEqual(['2021-Q1', '2022-Q4']);
    // Re-entry within 365 days: 2024-Q1 ends 2024-03-31, and 2024-03-31 + 365 is after asOf, so a period to mid-2024
    // still ends the trend at 2023-Q4.
    const reentry = (await getFacilitatorDetail(get().warehouse, 'd1', { metric: 'reentry', from: '2023-07-01', to: '2024-06-30' }))!;
    expect(reentry.trend.map((t) => t.quarter)).toEqual(['2022-Q1', '2022-Q2', '2022-Q3', '2022-Q4', '2023-Q1', '2023-Q2', '2023-Q3', '2023-Q4']);
  });

  it('shows the caseload by group and within-caseload gaps only where both groups have 10 cases', async () => {
    const detail = (await getFacilitatorDetail(get().warehouse, 'd1', { metric: 'successful-exits', ...period }))!;
    expect(detail.caseloadByGroup).toEqual([
      { dimension: 'race_ethnicity', key: 'black', label: 'Black', n: 10 },
      { dimension: 'race_ethnicity', key: 'hispanic_latino', label: 'Hispanic or Latino', n: 9 },
      { dimension: 'race_ethnicity', key: 'white', label: 'White', n: 12 },
      { dimension: 'race_ethnicity', key: 'unknown', label: 'Unknown', n: 3 },
      { dimension: 'gender', key: 'female', label: 'Female', n: 24 },
      { dimension: 'gender', key: 'male', label: 'Male', n: 10 },
      { dimension: 'age_group', key: '12-17', label: '12-17', n: 31 },
      { dimension: 'age_group', key: '25-44', label: '25-44', n: 3 },
    ]);
    // Black 8/10 against White 6/12: RR = 0.8 / 0.5 = 1.6, se = sqrt(1/8 - 1/10 + 1/6 - 1/12) = 0.329140,
    // 1.6 exp(-+1.96 x 0.329140) = 0.839364 to 3.049930. Hispanic (9 cases) and unknown are not compared.
    expect(detail.equity).toHaveLength(1);
    expect(detail.equity[0]).toMatchObject({
      dimension: 'race_ethnicity', key: 'black', label: 'Black', n: 10, events: 8, referenceN: 12, referenceEvents: 6,
    });
    expect(detail.equity[0].ratio).toBeCloseTo(1.6, 10);
    expect(detail.equity[0].ratioLow).toBeCloseTo(0.839364, 6);
    expect(detail.equity[0].ratioHigh).toBeCloseTo(3.04993, 5);
    // d3 has 12 Black clients but only 9 White ones: no comparison at all.
    const d3 = (await getFacilitatorDetail(get().warehouse, 'd3', { metric: 'successful-exits', ...period }))!;
    expect(d3.caseloadByGroup.filter((g) => g.dimension === 'race_ethnicity')).toEqual([
      { dimension: 'race_ethnicity', key: 'black', label: 'Black', n: 12 },
      { dimension: 'race_ethnicity', key: 'white', label: 'White', n: 9 },
    ]);
    expect(d3.equity).toEqual([]);
  });

  it('splits the facilitator cases at the certification date', async () => {
    const detail = (await getFacilitatorDetail(get().warehouse, 'd1', { metric: 'successful-exits', ...period }))!;
    // Before 2023-07-01: the 1 of 5 early exits (Wilson 1/5: 0.036224 to 0.624465).
    // From it to asOf, whatever the period: 24 of 34 in 2024-Q1 and the exit on asOf: 25 of 35.
    expect(detail.certification).toMatchObject({ certifiedDate: '2023-07-01', before: { n: 5, events: 1, unstable: true }, after: { n: 35, events: 25 } });
    expect(detail.certification!.before.ciLow).toBeCloseTo(0.036224, 6);
    expect(detail.certification!.before.ciHigh).toBeCloseTo(0.624465, 6);
  });
});

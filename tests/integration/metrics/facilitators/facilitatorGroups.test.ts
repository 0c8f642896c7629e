// The facilitator x group heat map's cells (getFacilitators with `by`), worked by hand, on both engines.
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../helpers/databases.ts';
import { getFacilitators, type FacilitatorRow } from '../../../../metrics/facilitators/index.ts';
import { getReentry, getRepeatEntries, getSuccessfulExits, MetricInputError, type Dimension } from '../../../../metrics/index.ts';
import { wilson } from '../../../../metrics/stats/wilson.ts';
import { loadFixture, type ClientRow, type Fixture } from './fixture.ts';

const exitsPeriod = { from: '2023-07-01', to: '2023-09-30' } as const;
const reentryPeriod = { from: '2023-01-01', to: '2023-03-31' } as const;

function buildFixture(): Fixture {
  const f: Fixture = {
    asOf: '2024-12-31',
    staff: [
      { id: 'SUP', name: 'Sam Supervisor', role: 'supervisor' },
      { id: 'A', name: 'Ana Facilitator', supervisor: 'SUP' },
      { id: 'B', name: 'Ben Facilitator', supervisor: 'SUP' },
      { id: 'C', name: 'Cy Facilitator', supervisor: 'SUP' },
    ],
    clients: [],
    episodes: [],
  };
  // Successful exits of 2023-Q3: each case an episode 2023-06-01 -> 2023-08-01 (61 days); completed = event.
  const exit = (id: string, facilitator: string, event: boolean, client: Omit<ClientRow, 'id'>, program?: string) => {
    f.clients.push({ id, ...client });
    f.episodes.push({ id, client: id, facilitator, program, start: '2023-06-01', end: '2023-08-01', reason: event ? 'completed' : 'disengaged' });
  };
  exit('s-a1', 'A', true, { race: 'white' });
  exit('s-a2', 'A', true, { race: 'white', gender: 'male' });
  exit('s-a3', 'A', false, { race: 'white' });
  exit('s-a4', 'A', false, { race: 'black' });
  exit('s-a5', 'A', false, { race: 'black', gender: 'male' });
  exit('s-a6', 'A', true, { race: 'hispanic_latino', language: 'spanish' });
  exit('s-b1', 'B', true, { race: 'black' });
  exit('s-b2', 'B', true, { race: 'black' });
  exit('s-b3', 'B', true, { race: 'black' }, 'Family Support');
  exit('s-b4', 'B', false, { race: 'black' });
  exit('s-b5', 'B', false, { race: 'unknown' });
  exit('s-c1', 'C', true, { race: 'white', language: 'spanish' });
  exit('s-c2', 'C', false, { race: 'white' });
  // Not counted: A's client who moved away (outside the agency's control), B's 4-day stay, C's exit after the period.
  f.clients.push({ id: 's-a7', race: 'black' }, { id: 's-b6' }, { id: 's-c3' });
  f.episodes.push(
    { id: 's-a7', client: 's-a7', facilitator: 'A', start: '2023-06-01', end: '2023-08-01', reason: 'moved' },
    { id: 's-b6', client: 's-b6', facilitator: 'B', start: '2023-07-28', end: '2023-08-01', reason: 'completed' },
    { id: 's-c3', client: 's-c3', facilitator: 'C', start: '2023-06-01', end: '2023-10-05', reason: 'completed' },
  );
  // Re-entry, exits of 2023-Q1 (asOf 2024-12-31, so every 365-day follow-up is complete):
  // r1 turns 18 on 2023-01-15: 17 at start, 18 at its exit from A on 2023-01-20, re-enters with B on 2023-02-01 (event for A),
  //    and exits again from B on 2023-03-15 (the client's later exit: not counted);
  // r2 (12-17) exits A on 2023-02-01, never returns; r3 (12-17) exits B on 2023-02-01 and re-enters with C on 2023-06-01;
  // r4 (23) exits B on 2023-03-01, never returns; r5 exits C to an out-of-home placement (not a community exit).
  f.clients.push({ id: 'r1', birth: '2005-01-15' }, { id: 'r2' }, { id: 'r3' }, { id: 'r4', birth: '2000-01-01' }, { id: 'r5' });
  f.episodes.push(
    { id: 'r1-a', client: 'r1', facilitator: 'A', start: '2022-12-01', end: '2023-01-20', reason: 'completed' },
    { id: 'r1-b', client: 'r1', facilitator: 'B', start: '2023-02-01', end: '2023-03-15', reason: 'completed' },
    { id: 'r2-a', client: 'r2', facilitator: 'A', start: '2022-12-01', end: '2023-02-01', reason: 'completed' },
    { id: 'r3-a', client: 'r3', facilitator: 'B', start: '2022-12-01', end: '2023-02-01', reason: 'completed' },
    { id: 'r3-b', client: 'r3', facilitator: 'C', start: '2023-06-01' },
    { id: 'r4-a', client: 'r4', facilitator: 'B', start: '2022-12-01', end: '2023-03-01', reason: 'completed' },
    { id: 'r5-a', client: 'r5', facilitator: 'C', start: '2022-12-01', end: '2023-02-01', reason: 'out_of_home' },
  );
  return f;
}

/** The cells as [staffId, key, label, n, events, rate]: what the hand-worked comments below give. */
const cells = (rows: FacilitatorRow[]) => rows.map((f) => [f.staffId, (f.groups ?? []).map((g) => [g.key, g.label, g.n, g.events, g.rate])]);

/** A facilitator's groups add up to its own n and events. */
function expectGroupsSumToTotals(rows: FacilitatorRow[]): void {
  for (const f of rows) {
    expect(f.groups!.length, f.staffId).toBeGreaterThan(0);
    expect(f.groups!.reduce((s, g) => s + g.n, 0), f.staffId).toBe(f.n);
    expect(f.groups!.reduce((s, g) => s + g.events, 0), f.staffId).toBe(f.events);
  }
}

describeEachDatabase('facilitator x group cells (getFacilitators with by)', (get) => {
  beforeAll(async () => {
    await loadFixture(get().warehouse, buildFixture());
  });

  it('splits each facilitator’s successful exits by race and ethnicity, with Wilson intervals', async () => {
    const result = await getFacilitators(get().warehouse, { metric: 'successful-exits', ...exitsPeriod, by: 'race_ethnicity' });
    expect(result.params.by).toBe('race_ethnicity');
    // Counted: A 6 exits (s-a7 moved away is outside the agency's control), B 5 (s-b6 stayed 4 days < minStay 8),
    // C 2 (s-c3 left after the period). 7 successful of 13.
    expect(result.overall).toMatchObject({ n: 13, events: 7 });
    // A: Black s-a4, s-a5 both disengaged 0/2; Hispanic or Latino s-a6 completed 1/1; White s-a1, s-a2 completed, s-a3 not: 2/3.
    // B: Black s-b1..s-b3 completed, s-b4 not: 3/4; Unknown s-b5 0/1 (Unknown last).  C: White s-c1 completed, s-c2 not: 1/2.
    expect(cells(result.facilitators)).toEqual([
      ['A', [['black', 'Black', 2, 0, 0], ['hispanic_latino', 'Hispanic or Latino', 1, 1, 1], ['white', 'White', 3, 2, 2 / 3]]],
      ['B', [['black', 'Black', 4, 3, 0.75], ['unknown', 'Unknown', 1, 0, 0]]],
      ['C', [['white', 'White', 2, 1, 0.5]]],
    ]);
    expectGroupsSumToTotals(result.facilitators);
    // Wilson 2/3: centre 2/3 + 3.841459/6 = 1.306910, half-width 1.959964 sqrt(0.074074 + 3.841459/36) = 0.833345,
    // scale 1 + 3.841459/3 = 2.280486 -> 0.207660 to 0.938508.
    const aWhite = result.facilitators[0].groups![2];
    expect(aWhite.ciLow).toBeCloseTo(0.20766, 6);
    expect(aWhite.ciHigh).toBeCloseTo(0.938508, 6);
    // Wilson 0/2 is 0 to 0.657620; 3/4 is 0.300642 to 0.954413; every cell is the stats module's interval of its counts.
    expect(result.facilitators[0].groups![0]).toMatchObject({ ciLow: 0, unstable: true, suppressed: false });
    expect(result.facilitators[0].groups![0].ciHigh).toBeCloseTo(0.65762, 6);
    expect(result.facilitators[1].groups![0].ciLow).toBeCloseTo(0.300642, 6);
    expect(result.facilitators[1].groups![0].ciHigh).toBeCloseTo(0.954413, 6);
    for (const f of result.facilitators) {
      for (const g of f.groups!) {
        const ci = wilson(g.events, g.n)!;
        expect([g.ciLow, g.ciHigh]).toEqual([ci.low, ci.high]);
      }
    }
  });

  it('splits by gender, language and program (with the program’s stored spelling as its label)', async () => {
    const byGender = await getFacilitators(get().warehouse, { metric: 'successful-exits', ...exitsPeriod, by: 'gender' });
    // A: female s-a1 (event), s-a3, s-a4, s-a6 (event) 2/4; male s-a2 (event), s-a5 1/2. B and C: all female.
    expect(cells(byGender.facilitators)).toEqual([
      ['A', [['female', 'Female', 4, 2, 0.5], ['male', 'Male', 2, 1, 0.5]]],
      ['B', [['female', 'Female', 5, 3, 0.6]]],
      ['C', [['female', 'Female', 2, 1, 0.5]]],
    ]);
    const byLanguage = await getFacilitators(get().warehouse, { metric: 'successful-exits', ...exitsPeriod, by: 'primary_language' });
    // A: Spanish s-a6 1/1, the other five unknown (s-a1, s-a2 events) 2/5; B: all unknown 3/5; C: Spanish s-c1 1/1, s-c2 0/1.
    expect(cells(byLanguage.facilitators)).toEqual([
      ['A', [['spanish', 'Spanish', 1, 1, 1], ['unknown', 'Unknown', 5, 2, 0.4]]],
      ['B', [['unknown', 'Unknown', 5, 3, 0.6]]],
      ['C', [['spanish', 'Spanish', 1, 1, 1], ['unknown', 'Unknown', 1, 0, 0]]],
    ]);
    const byProgram = await getFacilitators(get().warehouse, { metric: 'successful-exits', ...exitsPeriod, by: 'program' });
    // B's s-b3 (completed) is in Family Support; everything else in Wraparound. Keys are lower-cased, labels as spelt.
    expect(cells(byProgram.facilitators)).toEqual([
      ['A', [['wraparound', 'Wraparound', 6, 3, 0.5]]],
      ['B', [['family support', 'Family Support', 1, 1, 1], ['wraparound', 'Wraparound', 4, 2, 0.5]]],
      ['C', [['wraparound', 'Wraparound', 2, 1, 0.5]]],
    ]);
    for (const r of [byGender, byLanguage, byProgram]) expectGroupsSumToTotals(r.facilitators);
  });

  it('keeps re-entry’s client unit and takes the age group at exit', async () => {
    const result = await getFacilitators(get().warehouse, { metric: 'reentry', ...reentryPeriod, by: 'age_group' });
    // A: r1 exits at 18 (18-24) and re-enters 12 days later: 1/1; r2 (13) never returns: 12-17 0/1.
    // B: r3 (13) re-enters 120 days later: 12-17 1/1; r4 (23) never returns: 18-24 0/1; r1's exit from B is its later exit (not counted).
    // C: r5 left to an out-of-home placement (not a community exit), so C has no case and no row.
    expect(cells(result.facilitators)).toEqual([
      ['A', [['12-17', '12-17', 1, 0, 0], ['18-24', '18-24', 1, 1, 1]]],
      ['B', [['12-17', '12-17', 1, 1, 1], ['18-24', '18-24', 1, 0, 0]]],
    ]);
    expectGroupsSumToTotals(result.facilitators);
  });

  it('adds up, group by group, to the agency metric grouped the same way', async () => {
    const agency = { reentry: getReentry, 'successful-exits': getSuccessfulExits, 'repeat-entries': getRepeatEntries };
    const params = { from: '2022-01-01', to: '2024-12-31' };
    for (const metric of ['reentry', 'successful-exits', 'repeat-entries'] as const) {
      for (const by of ['race_ethnicity', 'age_group', 'gender', 'primary_language', 'program', 'county'] as const) {
        const ours = await getFacilitators(get().warehouse, { metric, ...params, by });
        const theirs = await agency[metric](get().warehouse, { ...params, by });
        const summed = new Map<string, { label: string; n: number; events: number }>();
        for (const f of ours.facilitators) {
          for (const g of f.groups!) {
            const s = summed.get(g.key) ?? { label: g.label, n: 0, events: 0 };
            s.n += g.n;
            s.events += g.events;
            summed.set(g.key, s);
          }
        }
        expect([...summed].map(([key, s]) => [key, s.label, s.n, s.events]).sort(), `${metric} by ${by}`).toEqual(
          theirs.groups.map((g) => [g.key, g.label, g.n, g.events]).sort(),
        );
        expect(theirs.groups.length, `${metric} by ${by}`).toBeGreaterThan(0);
        expectGroupsSumToTotals(ours.facilitators);
      }
    }
  });

  it('changes nothing else: without by (or by=none) no groups key, and the figures are the same with it', async () => {
    const plain = await getFacilitators(get().warehouse, { metric: 'successful-exits', ...exitsPeriod });
    const none = await getFacilitators(get().warehouse, { metric: 'successful-exits', ...exitsPeriod, by: 'none' });
    const split = await getFacilitators(get().warehouse, { metric: 'successful-exits', ...exitsPeriod, by: 'race_ethnicity', adjusted: true });
    const splitPlain = await getFacilitators(get().warehouse, { metric: 'successful-exits', ...exitsPeriod, by: 'race_ethnicity' });
    expect(plain.facilitators.every((f) => !('groups' in f))).toBe(true);
    expect(none).toEqual(plain);
    const { groups: _g, ...withoutGroups } = splitPlain.facilitators[0];
    expect(withoutGroups).toEqual(plain.facilitators[0]);
    expect(splitPlain.facilitators.map(({ groups: _x, ...f }) => f)).toEqual(plain.facilitators);
    expect({ ...splitPlain, params: null, facilitators: null }).toEqual({ ...plain, params: null, facilitators: null });
    // Adjusted comparisons see the same strata whether or not the cases are split by group.
    const adjusted = await getFacilitators(get().warehouse, { metric: 'successful-exits', ...exitsPeriod, adjusted: true });
    expect(split.facilitators.map(({ groups: _x, ...f }) => f)).toEqual(adjusted.facilitators);
  });

  it('refuses a staff dimension', async () => {
    for (const by of ['facilitator', 'supervisor'] as Dimension[]) {
      await expect(getFacilitators(get().warehouse, { metric: 'reentry', by })).rejects.toBeInstanceOf(MetricInputError);
    }
  });
});

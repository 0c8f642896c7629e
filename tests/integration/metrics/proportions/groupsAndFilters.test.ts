// Groups (key, label, order, age at exit vs start), program and county filters, the filter lists and asOf.
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../helpers/databases.ts';
import { getAsOf, getEquity, getFilters, getRepeatEntries, getSuccessfulExits, type Dimension } from '../../../../metrics/index.ts';
import { loadFixture } from './fixture.ts';

const year2023 = { from: '2023-01-01', to: '2023-12-31' };
const counts = (groups: { key: string; label: string; n: number; events: number }[]) => groups.map(({ key, label, n, events }) => [key, label, n, events]);

describeEachDatabase('groups and filters', (get) => {
  beforeAll(async () => {
    await loadFixture(get().warehouse, {
      asOf: '2024-06-30',
      clients: [
        // k1 is 17 at the start of p1 and 18 at its exit
        { id: 'k1', birth: '2005-06-15', race: 'black', gender: 'male', language: 'spanish', county: 'Lake' },
        { id: 'k2', birth: '2010-01-01', race: 'white', gender: 'female', language: 'english', county: 'River' },
        { id: 'k3', birth: '1990-01-01', race: 'unknown', gender: 'unknown', language: 'unknown', county: 'unknown' },
        // Lake written two ways: one county, shown as the spelling most clients have (k1 and k5).
        { id: 'k4', birth: '2012-03-01', race: 'hispanic_latino', gender: 'nonbinary', language: 'english', county: 'LAKE' },
        { id: 'k5', birth: '2012-03-01', race: 'white', gender: 'female', language: 'english', county: 'Lake' },
      ],
      episodes: [
        ['p1', 'k1', '2023-01-01', '2023-07-01', 'completed', 'Intensive Wraparound', 'f1'],
        ['p2', 'k2', '2023-02-01', '2023-03-01', 'disengaged', 'intensive wraparound', 'f2'],
        ['p3', 'k3', '2023-02-01', '2023-03-01', 'completed', 'Intensive Wraparound ', 'f3'],
        ['p4', 'k4', '2023-02-01', '2023-03-01', 'stepped_down', 'Family Support', 'f1'],
        ['p5', 'k2', '2023-04-01', '2023-05-01', 'disengaged', 'Family Support', 'f3'],
      ],
    });
  });

  // Successful exits of 2023 (all five count): p1, p3, p4 successful.
  const expected: Record<Exclude<Dimension, 'none'>, unknown[][]> = {
    // program key lower-cased, label the most common spelling ('Intensive Wraparound' twice after trimming, lower case once)
    program: [['family support', 'Family Support', 2, 1], ['intensive wraparound', 'Intensive Wraparound', 3, 2]],
    facilitator: [['f1', 'Alex Ames', 2, 2], ['f2', 'Blair Burns', 1, 0], ['f3', 'Casey Cole', 2, 1]],
    // f3 has no supervisor: unknown, last
    supervisor: [['s1', 'Sam Supervisor', 3, 2], ['unknown', 'Unknown', 2, 1]],
    race_ethnicity: [['black', 'Black', 1, 1], ['hispanic_latino', 'Hispanic or Latino', 1, 1], ['white', 'White', 2, 0], ['unknown', 'Unknown', 1, 1]],
    gender: [['female', 'Female', 2, 0], ['male', 'Male', 1, 1], ['nonbinary', 'Nonbinary', 1, 1], ['unknown', 'Unknown', 1, 1]],
    // at exit: k4 11 -> 6-11, k2 13 -> 12-17, k1 18 -> 18-24, k3 33 -> 25-44; in age order
    age_group: [['6-11', '6-11', 1, 1], ['12-17', '12-17', 2, 0], ['18-24', '18-24', 1, 1], ['25-44', '25-44', 1, 1]],
    primary_language: [['english', 'English', 3, 1], ['spanish', 'Spanish', 1, 1], ['unknown', 'Unknown', 1, 1]],
    // Keys are lower-cased (one county whatever its case), labels the most common spelling.
    county: [['lake', 'Lake', 2, 2], ['river', 'River', 2, 0], ['unknown', 'Unknown', 1, 1]],
  };
  for (const [by, groups] of Object.entries(expected)) {
    it(`groups successful exits by ${by}`, async () => {
      const result = await getSuccessfulExits(get().warehouse, { ...year2023, by: by as Dimension });
      expect(counts(result.groups)).toEqual(groups);
      expect([result.overall.n, result.overall.events]).toEqual([5, 3]);
    });
  }

  it('takes the age group at the start for entries', async () => {
    const result = await getRepeatEntries(get().warehouse, { ...year2023, by: 'age_group' });
    // Entries: k1 is 17 at p1's start -> 12-17 with p2, p5 (k2, 13); p5 starts 31 days after p2's exit -> repeat.
    expect(counts(result.groups)).toEqual([['6-11', '6-11', 1, 0], ['12-17', '12-17', 3, 1], ['25-44', '25-44', 1, 0]]);
  });

  it('filters programs case-insensitively and counties, and echoes the filters', async () => {
    const wrap = await getSuccessfulExits(get().warehouse, { ...year2023, program: ['INTENSIVE WRAPAROUND'] });
    // p1, p2, p3 (three spellings of one program); successful p1, p3
    expect([wrap.overall.n, wrap.overall.events]).toEqual([3, 2]);
    expect(wrap.params.program).toEqual(['INTENSIVE WRAPAROUND']);
    const both = await getSuccessfulExits(get().warehouse, { ...year2023, program: [' intensive wraparound', 'family support'] });
    expect([both.overall.n, both.overall.events]).toEqual([5, 3]);
    const lake = await getSuccessfulExits(get().warehouse, { ...year2023, county: ['lake'] });
    // k1 and k4 live in Lake: p1, p4, both successful
    expect([lake.overall.n, lake.overall.events]).toEqual([2, 2]);
    const lakeWrap = await getSuccessfulExits(get().warehouse, { ...year2023, county: ['Lake'], program: ['Intensive Wraparound'] });
    // only p1
    expect([lakeWrap.overall.n, lakeWrap.overall.events]).toEqual([1, 1]);
    const none = await getSuccessfulExits(get().warehouse, { ...year2023, program: ['no such program'] });
    expect(none.overall).toMatchObject({ n: 0, events: 0, rate: null });
  });

  it('lists the programs, counties and period present in the data', async () => {
    expect(await getFilters(get().warehouse)).toEqual({
      asOf: '2024-06-30',
      programs: [{ key: 'family support', label: 'Family Support' }, { key: 'intensive wraparound', label: 'Intensive Wraparound' }],
      counties: ['Lake', 'River', 'unknown'],
      period: { first: '2023-01-01', last: '2024-06-30' },
    });
  });

  it('takes asOf from the latest committed import and reports the latest run of any outcome', async () => {
    const { warehouse } = get();
    await warehouse.withClient((c) =>
      c.query("INSERT INTO import_runs (status, folder, as_of, finished_at) VALUES ('aborted', 'bad', '2024-07-31', '2024-08-01T10:00:00Z')"),
    );
    const { asOf, lastImport } = await getAsOf(warehouse);
    expect(asOf).toBe('2024-06-30');
    expect(lastImport).toMatchObject({ status: 'aborted', finishedAt: '2024-08-01T10:00:00.000Z' });
  });
});

describeEachDatabase('filters and references lower-cased by the database', (get) => {
  // İzmir: JavaScript lower-cases İ to "i̇" (i and a combining dot); the database to "i" (libc) or "i̇" (ICU). The
  // marts' keys are the database's, so a filter written as the label must be lower-cased there too.
  beforeAll(async () => {
    await loadFixture(get().warehouse, {
      asOf: '2024-06-30',
      clients: [
        { id: 'k1', birth: '2005-06-15', race: 'black', gender: 'male', language: 'spanish', county: 'İzmir' },
        { id: 'k2', birth: '2010-01-01', race: 'white', gender: 'female', language: 'english', county: 'İzmir' },
        { id: 'k3', birth: '2010-01-01', race: 'white', gender: 'female', language: 'english', county: 'Ankara' },
      ],
      episodes: [
        ['p1', 'k1', '2023-01-01', '2023-07-01', 'completed', 'İleri Destek', 'f1'],
        ['p2', 'k2', '2023-02-01', '2023-03-01', 'disengaged', 'İleri Destek', 'f2'],
        ['p3', 'k3', '2023-02-01', '2023-03-01', 'completed', 'Family Support', 'f1'],
      ],
    });
  });

  it('finds a county and a program by their labels, from the month counts and from the episodes', async () => {
    const { warehouse } = get();
    const byCounty = await getSuccessfulExits(warehouse, { ...year2023, by: 'county' });
    const izmir = byCounty.groups.find((g) => g.label === 'İzmir')!;
    expect([izmir.n, izmir.events]).toEqual([2, 1]);
    // Whole months (the month counts) and a period inside them (the episodes), by label and by the key given back.
    for (const period of [year2023, { from: '2023-01-02', to: '2023-12-31' }]) {
      for (const county of ['İzmir', izmir.key]) {
        const r = await getSuccessfulExits(warehouse, { ...period, county: [county] });
        expect([r.overall.n, r.overall.events], `${county} ${period.from}`).toEqual([2, 1]);
      }
      const program = await getRepeatEntries(warehouse, { ...period, program: ['İLERİ DESTEK'] });
      expect(program.overall.n, period.from).toBe(period === year2023 ? 2 : 1);
    }
    // The equity reference by its label.
    const equity = await getEquity(warehouse, { ...year2023, metric: 'successful-exits', dimension: 'county', reference: 'İzmir' });
    expect(equity.reference).toBe(izmir.key);
  });
});

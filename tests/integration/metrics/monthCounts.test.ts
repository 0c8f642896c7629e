// Whole-month requests with at most one filter (programs or counties) are answered from the month counts
// (sql/marts/050_exit_month_counts.sql, 060_entry_month_counts.sql); every other request reads the episodes.
// Adding the other filter with every value selects the same records but takes the episodes' way, so on a
// generated extract (concurrent episodes, same-day exits, short stays, open episodes, every exit reason) the
// two must agree figure for figure: every dimension, every re-entry window, periods of one to 24 months.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../helpers/databases.ts';
import { extractWith } from '../import/extracts.ts';
import { boundaryAsOf, writeBoundaryExtract } from './boundaryExtract.ts';
import { importExtract } from '../../../etl/importExtract.ts';
import { refreshMarts } from '../../../sql/marts.ts';
import { dimensions, getAsOf, getFilters, getReentry, getRepeatEntries, getSuccessfulExits, getTimeInServices, getWorkforce, resolveParams } from '../../../metrics/index.ts';
import { entryCountsSelection, exitCountsSelection, lifeTableCountsSelection } from '../../../metrics/monthCounts.ts';
import type { MetricParams, ReentryWindow } from '../../../metrics/types.ts';

const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ao-month-counts-'));
const asOf = boundaryAsOf;
beforeAll(() => writeBoundaryExtract(folder), 120_000);
afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

// The default period; 24 months (the longest re-entry period the counts answer); the first year of the data;
// a year across two calendar years; one month. Each one's re-entry follow-up is complete by asOf for every window.
const periods: MetricParams[] = [
  {},
  { from: '2021-01-01', to: '2022-12-31' },
  { from: '2020-01-01', to: '2020-12-31' },
  { from: '2021-07-01', to: '2022-06-30' },
  { from: '2022-03-01', to: '2022-03-31' },
];
const windows: ReentryWindow[] = [180, 365, 730];
const sameFigures = (a: { overall: unknown; groups: unknown; excluded: unknown }, b: typeof a) => {
  expect(a.excluded).toEqual(b.excluded);
  expect(a.overall).toEqual(b.overall);
  expect(a.groups).toEqual(b.groups);
};

describeEachDatabase('month counts and episodes give the same figures', (get) => {
  let everyFilter: { program: string[]; county: string[] };
  beforeAll(async () => {
    expect((await importExtract(get().warehouse, folder)).status).toBe('committed');
    const filters = await getFilters(get().warehouse);
    everyFilter = { program: filters.programs.map((p) => p.key), county: filters.counties };
  }, 120_000);

  for (const period of periods) {
    it(`re-entry and successful exits ${JSON.stringify(period)}, every window and dimension`, async () => {
      const { warehouse } = get();
      let laterExits = 0;
      for (const by of dimensions) {
        for (const window of windows) {
          const request = { ...period, window, by };
          expect(exitCountsSelection('reentry', resolveParams('reentry', request, asOf), asOf)).toEqual({ dimension: by, keys: [] });
          const counted = await getReentry(warehouse, request);
          sameFigures(counted, await getReentry(warehouse, { ...request, ...everyFilter }));
          laterExits += counted.excluded.laterExitSameClient;
        }
        expect(exitCountsSelection('successful-exits', resolveParams('successful-exits', { ...period, by }, asOf), asOf)).toEqual({ dimension: by, keys: [] });
        sameFigures(await getSuccessfulExits(warehouse, { ...period, by }), await getSuccessfulExits(warehouse, { ...period, by, ...everyFilter }));
      }
      // The "first exit per client" rule is exercised, not vacuous (one month holds too few clients' second exits).
      if (period.from !== period.to?.slice(0, 8) + '01') expect(laterExits).toBeGreaterThan(0);
    });

    it(`repeat entries and time in services ${JSON.stringify(period)}, every dimension`, async () => {
      const { warehouse } = get();
      for (const by of dimensions) {
        const request = { ...period, by };
        const counted = by !== 'facilitator' && by !== 'supervisor';
        expect(entryCountsSelection(resolveParams('repeat-entries', request, asOf))).toEqual(counted ? { dimension: by, keys: [] } : null);
        expect(await warehouse.withClient((c) => lifeTableCountsSelection(c, resolveParams('time-in-services', request, asOf), asOf))).toEqual(counted ? { dimension: by, keys: [] } : null);
        sameFigures(await getRepeatEntries(warehouse, request), await getRepeatEntries(warehouse, { ...request, ...everyFilter }));
        for (const minStay of [0, 8, 30]) {
          sameFigures(await getTimeInServices(warehouse, { ...request, minStay }), await getTimeInServices(warehouse, { ...request, minStay, ...everyFilter }));
        }
      }
    });
  }

  it('answers one filter (some programs, or some counties in any case) from the counts: the same figures as the episodes', async () => {
    const { warehouse } = get();
    const programs = everyFilter.program;
    const counties = everyFilter.county;
    expect(programs.length).toBeGreaterThan(2);
    expect(counties.length).toBeGreaterThan(2);
    // One program, two programs (one spelt in capitals), one county, two counties; each alone, then with the other
    // filter set to every value (the episodes' way).
    const filters = [{ program: [programs[0]] }, { program: [programs[1], programs[2].toUpperCase()] }, { county: [counties[0]] }, { county: [counties[1].toUpperCase(), counties[2]] }];
    let reentries = 0;
    for (const period of [periods[1], periods[3]]) {
      for (const filter of filters) {
        const dimension = 'program' in filter ? 'program' : 'county';
        const other = 'program' in filter ? { county: counties } : { program: programs };
        for (const by of ['none', dimension] as const) {
          const request = { ...period, ...filter, by };
          // The filter's groups as given (the database lower-cases them as it lower-cased the counts' keys).
          const selection = { dimension, keys: 'program' in filter ? filter.program : filter.county };
          for (const window of windows) {
            expect(exitCountsSelection('reentry', resolveParams('reentry', { ...request, window }, asOf), asOf)).toEqual(selection);
            const counted = await getReentry(warehouse, { ...request, window });
            sameFigures(counted, await getReentry(warehouse, { ...request, window, ...other }));
            reentries += counted.overall.events ?? 0;
          }
          sameFigures(await getSuccessfulExits(warehouse, request), await getSuccessfulExits(warehouse, { ...request, ...other }));
          expect(entryCountsSelection(resolveParams('repeat-entries', request, asOf))).toEqual(selection);
          sameFigures(await getRepeatEntries(warehouse, request), await getRepeatEntries(warehouse, { ...request, ...other }));
          sameFigures(await getTimeInServices(warehouse, request), await getTimeInServices(warehouse, { ...request, ...other }));
        }
      }
    }
    expect(reentries).toBeGreaterThan(0);
  });

  it('workforce continuity, overall and per team, whole months and not', async () => {
    const { warehouse } = get();
    let filteredExits = 0;
    for (const period of [...periods, { from: '2022-01-15', to: '2022-12-31' }]) {
      for (const by of ['none', 'supervisor', 'certified'] as const) {
        const counted = await getWorkforce(warehouse, { ...period, by });
        const read = await getWorkforce(warehouse, { ...period, by, ...everyFilter });
        expect(counted.continuity).toEqual(read.continuity);
        expect(counted.continuity!.n).toBeGreaterThan(0);
        expect(counted.groups.map((g) => [g.key, g.continuity])).toEqual(read.groups.map((g) => [g.key, g.continuity]));
      }
      // One filter, agency-wide: from the counts of that filter's groups; with the other filter too, the episodes.
      for (const filter of [{ program: everyFilter.program.slice(0, 2) }, { county: [everyFilter.county[0]] }]) {
        const other = 'program' in filter ? { county: everyFilter.county } : { program: everyFilter.program };
        const counted = await getWorkforce(warehouse, { ...period, ...filter, by: 'none' });
        filteredExits += counted.continuity!.n;
        expect(counted.continuity).toEqual((await getWorkforce(warehouse, { ...period, ...filter, ...other, by: 'none' })).continuity);
      }
    }
    expect(filteredExits).toBeGreaterThan(0);
  });

  it('answers from the episodes what the counts cannot', () => {
    const resolved = (metric: string, p: MetricParams, at: string | null = asOf) => resolveParams(metric, p, at);
    // Dates inside a month, both filters, a filter with another grouping, another minimum stay, more than 24 months,
    // incomplete follow-up, no import yet.
    expect(exitCountsSelection('reentry', resolved('reentry', { from: '2022-01-02', to: '2022-12-31' }), asOf)).toBeNull();
    expect(exitCountsSelection('reentry', resolved('reentry', { from: '2022-01-01', to: '2022-12-30' }), asOf)).toBeNull();
    expect(exitCountsSelection('reentry', resolved('reentry', { from: '2022-01-01', to: '2022-12-31', program: ['x'] }), asOf)).toEqual({ dimension: 'program', keys: ['x'] });
    expect(exitCountsSelection('reentry', resolved('reentry', { from: '2022-01-01', to: '2022-12-31', program: ['x'], county: ['y'] }), asOf)).toBeNull();
    expect(exitCountsSelection('reentry', resolved('reentry', { from: '2022-01-01', to: '2022-12-31', program: ['x'], by: 'race_ethnicity' }), asOf)).toBeNull();
    expect(exitCountsSelection('successful-exits', resolved('successful-exits', { county: ['X'], by: 'county' }), asOf)).toEqual({ dimension: 'county', keys: ['X'] });
    expect(exitCountsSelection('successful-exits', resolved('successful-exits', { county: ['x'], by: 'program' }), asOf)).toBeNull();
    expect(exitCountsSelection('reentry', resolved('reentry', { from: '2022-01-01', to: '2022-12-31', minStay: 7 }), asOf)).toBeNull();
    expect(exitCountsSelection('successful-exits', resolved('successful-exits', { minStay: 0 }), asOf)).toBeNull();
    expect(exitCountsSelection('reentry', resolved('reentry', { from: '2020-01-01', to: '2022-01-31' }), asOf)).toBeNull();
    expect(exitCountsSelection('reentry', resolved('reentry', { from: '2020-01-01', to: '2021-12-31' }), asOf)).toEqual({ dimension: 'none', keys: [] });
    expect(exitCountsSelection('reentry', resolved('reentry', { from: '2023-01-01', to: '2023-12-31', window: 365 }), asOf)).toEqual({ dimension: 'none', keys: [] });
    expect(exitCountsSelection('reentry', resolved('reentry', { from: '2024-01-01', to: '2024-01-31', window: 365 }), asOf)).toBeNull();
    expect(exitCountsSelection('reentry', resolved('reentry', {}, null), null)).toBeNull();
    expect(entryCountsSelection(resolved('repeat-entries', { from: '2022-01-01', to: '2022-02-27' }))).toBeNull();
    expect(entryCountsSelection(resolved('repeat-entries', { from: '2022-01-01', to: '2022-02-28', program: ['x'] }))).toEqual({ dimension: 'program', keys: ['x'] });
    expect(entryCountsSelection(resolved('repeat-entries', { from: '2022-01-01', to: '2022-02-28', program: ['x'], by: 'age_group' }))).toBeNull();
  });

  // The comparisons above would pass as well if a metric never read the counts: change the counts, and every
  // whole-month figure for the whole agency must move with them; rebuilding the marts puts them back.
  it('answers those requests from the counts themselves', async () => {
    const { warehouse } = get();
    const oneProgram = { program: [everyFilter.program[0]] };
    const figures = async () => ({
      reentry: (await getReentry(warehouse, {})).overall.n,
      reentryOfOneProgram: (await getReentry(warehouse, oneProgram)).overall.n,
      timeInServicesOfOneProgram: (await getTimeInServices(warehouse, oneProgram)).overall.n,
      successfulExits: (await getSuccessfulExits(warehouse, {})).overall.n,
      repeatEntries: (await getRepeatEntries(warehouse, {})).overall.n,
      timeInServices: (await getTimeInServices(warehouse, {})).overall.n,
      continuity: (await getWorkforce(warehouse, {})).continuity!.n,
      continuityOfOneProgram: (await getWorkforce(warehouse, oneProgram)).continuity!.n,
    });
    const before = await figures();
    await warehouse.withClient(async (c) => {
      await c.query("UPDATE exit_month_counts SET exits = exits + 1 WHERE dimension IN ('none', 'program')");
      await c.query("UPDATE entry_month_counts SET entries = entries + 1 WHERE dimension IN ('none', 'program')");
    });
    const after = await figures();
    for (const name of Object.keys(before) as (keyof typeof before)[]) expect(after[name], name).toBeGreaterThan(before[name]);
    await warehouse.transaction((c) => refreshMarts(c));
    expect(await figures()).toEqual(before);
  });

  // Last: it changes the warehouse. A delta with an earlier as-of date than records already kept leaves ends and
  // starts after asOf, which the episodes' query censors at asOf and the counts cannot: time in services falls back.
  it('reads time in services from the episodes when records lie after asOf', async () => {
    const { warehouse } = get();
    expect((await importExtract(warehouse, extractWith({ 'extract.json': JSON.stringify({ asOf: '2023-12-31' }) }))).status).toBe('committed');
    const { asOf: earlier } = await getAsOf(warehouse);
    expect(earlier).toBe('2023-12-31');
    const request = { by: 'race_ethnicity' as const };
    expect(await warehouse.withClient((c) => lifeTableCountsSelection(c, resolveParams('time-in-services', request, earlier), earlier!))).toBeNull();
    const filters = await getFilters(warehouse);
    const withDelta = { program: filters.programs.map((p) => p.key), county: filters.counties };
    sameFigures(await getTimeInServices(warehouse, request), await getTimeInServices(warehouse, { ...request, ...withDelta }));
  });
});

// The facilitator comparison reads its counts from the narrow case table (sql/marts/070_facilitator_cases.sql)
// when the request has no program or county filter and the default minimum stay; every other request reads the
// episodes. On a generated extract (concurrent episodes, same-day exits, short stays, open episodes, every exit
// reason) plus clients on the first-exit and window boundaries, the two ways must agree figure for figure:
// every metric and window, whole months (strata from the month counts) and not (strata from the cases),
// incomplete follow-up, every heat-map dimension, and facilitators left out of a funder's comparison.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../helpers/databases.ts';
import { boundaryAsOf, writeBoundaryExtract } from '../boundaryExtract.ts';
import { importExtract } from '../../../../etl/importExtract.ts';
import { resolveParams } from '../../../../metrics/index.ts';
import { facilitatorGroupDimensions, type FacilitatorGroupDimension } from '../../../../metrics/params.ts';
import { cohortInput } from '../../../../metrics/facilitators/cohortInput.ts';
import { caseCountsAnswer } from '../../../../metrics/facilitators/caseFilter.ts';
import { getCaseCounts } from '../../../../metrics/facilitators/getCaseCounts.ts';
import { getEpisodeCounts, type FacilitatorCounts } from '../../../../metrics/facilitators/getFacilitatorCounts.ts';
import type { ProportionMetric, ReentryWindow } from '../../../../metrics/types.ts';
import type { Warehouse } from '../../../../sql/db.ts';

const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ao-case-counts-'));
const asOf = boundaryAsOf;
beforeAll(() => writeBoundaryExtract(folder), 120_000);
afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

// Whole months (the strata's rates from their month counts): the default, 24 months, a year across two calendar
// years, one month. Not whole months (rates from the cases): a period starting inside a month, and one whose
// re-entry follow-up is incomplete by asOf for the longer windows.
const periods = [
  {},
  { from: '2021-01-01', to: '2022-12-31' },
  { from: '2021-02-01', to: '2022-12-31' },
  { from: '2021-07-01', to: '2022-06-30' },
  { from: '2022-03-01', to: '2022-03-31' },
  { from: '2021-01-15', to: '2022-02-11' },
  { from: '2023-06-01', to: '2024-05-31' },
];
const metrics: ProportionMetric[] = ['reentry', 'successful-exits', 'repeat-entries'];
const windows: ReentryWindow[] = [180, 365, 730];

/** E is summed over stratum cells both ways, in an order the database chooses: equal up to rounding. */
function expectSameCounts(fromCases: FacilitatorCounts, fromEpisodes: FacilitatorCounts) {
  const withoutExpected = (c: FacilitatorCounts) => c.facilitators.map(({ expected, ...rest }) => rest);
  expect(withoutExpected(fromCases)).toEqual(withoutExpected(fromEpisodes));
  fromCases.facilitators.forEach((f, i) => expect(f.expected).toBeCloseTo(fromEpisodes.facilitators[i].expected, 9));
  expect(fromCases.groups).toEqual(fromEpisodes.groups);
}

async function bothWays(warehouse: Warehouse, metric: ProportionMetric, request: object, leaveOut: string[] = []) {
  const by = (request as { by?: FacilitatorGroupDimension }).by;
  const input = { ...cohortInput(metric, resolveParams(metric, request, asOf), asOf), groupBy: by === 'none' ? undefined : by };
  expect(caseCountsAnswer(input)).toBe(true);
  const fromCases = await getCaseCounts(warehouse, input, leaveOut);
  const fromEpisodes = await getEpisodeCounts(warehouse, input, leaveOut);
  expectSameCounts(fromCases, fromEpisodes);
  return fromCases;
}

describeEachDatabase('the case table and the episodes give the same facilitator counts', (get) => {
  beforeAll(async () => {
    const result = await importExtract(get().warehouse, folder);
    expect(result.status).toBe('committed');
    expect(result.warnings).toEqual([]);
  }, 120_000);

  it('leaves the case table vacuumed after the import, so its covering indexes answer alone', async () => {
    // relallvisible counts pages VACUUM marked all-visible (an index-only scan then skips the table); 0 before it.
    const { rows } = await get().warehouse.withClient((c) =>
      c.query<{ pages: number; visible: number }>("SELECT relpages AS pages, relallvisible AS visible FROM pg_class WHERE relname = 'facilitator_cases'"),
    );
    expect(rows[0].pages).toBeGreaterThan(0);
    expect(rows[0].visible).toBe(rows[0].pages);
  });

  for (const period of periods) {
    it(`every metric and window ${JSON.stringify(period)}`, async () => {
      const { warehouse } = get();
      for (const metric of metrics) {
        let events = 0;
        for (const window of metric === 'reentry' ? windows : [undefined]) {
          const counts = await bothWays(warehouse, metric, { ...period, window });
          events += counts.facilitators.reduce((s, f) => s + f.events, 0);
        }
        // Not vacuous: facilitators with cases and events (no re-entry window may be followed up to its end).
        expect(events).toBeGreaterThan(0);
      }
    });
  }

  it('every heat-map dimension, each metric at its age group (at exit or at start)', async () => {
    const { warehouse } = get();
    for (const by of facilitatorGroupDimensions) {
      for (const metric of metrics) {
        for (const period of [{}, { from: '2021-01-15', to: '2022-02-11' }]) {
          const counts = await bothWays(warehouse, metric, { ...period, by });
          expect(counts.groups.length > 0).toBe(by !== 'none');
        }
      }
    }
  });

  it('facilitators left out of a funder comparison count nowhere, not even in the strata', async () => {
    const { warehouse } = get();
    const all = await bothWays(warehouse, 'reentry', {});
    const leaveOut = all.facilitators.slice(0, 3).map((f) => f.staffId);
    for (const period of [{}, { from: '2021-01-15', to: '2022-02-11' }]) {
      for (const metric of metrics) {
        const counts = await bothWays(warehouse, metric, { ...period, by: 'race_ethnicity' }, leaveOut);
        expect(counts.facilitators.some((f) => leaveOut.includes(f.staffId))).toBe(false);
      }
    }
  });

  it('reads the episodes for filters, another minimum stay, several periods and one facilitator', () => {
    const input = (metric: ProportionMetric, request: object) => cohortInput(metric, resolveParams(metric, request, asOf), asOf);
    expect(caseCountsAnswer(input('reentry', { program: ['intensive wraparound'] }))).toBe(false);
    expect(caseCountsAnswer(input('successful-exits', { county: ['x'] }))).toBe(false);
    expect(caseCountsAnswer(input('reentry', { minStay: 7 }))).toBe(false);
    expect(caseCountsAnswer(input('successful-exits', { minStay: 0 }))).toBe(false);
    // Repeat entries take no minimum stay.
    expect(caseCountsAnswer(input('repeat-entries', { minStay: 0 }))).toBe(true);
    const two = input('reentry', {});
    expect(caseCountsAnswer({ ...two, periods: [...two.periods, { key: 'b', from: '2022-01-01', to: '2022-12-31' }] })).toBe(false);
    expect(caseCountsAnswer({ ...two, clientsOf: 'F0001' })).toBe(false);
  });
});

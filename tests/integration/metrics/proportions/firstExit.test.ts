// Re-entry's "first eligible exit per client in the period" has two implementations: the mart's stored
// previous eligible exit (the default minStay without program or county filters) and numbering each
// client's exits at query time (every other request). Filtering on every program and every county
// selects the same exits but takes the numbering path, so on a generated extract (concurrent episodes,
// same-day exits, short stays, every exit reason) the two must agree figure for figure, for any period.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../helpers/databases.ts';
import { generateExtract } from '../../../../etl/generate/index.ts';
import { importExtract } from '../../../../etl/importExtract.ts';
import { getFacilitators, getFilters, getReentry } from '../../../../metrics/index.ts';
import { usesStoredPreviousExit } from '../../../../metrics/proportions/firstExit.ts';

const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ao-first-exit-'));
beforeAll(async () => {
  await generateExtract(folder, { seed: 5, clients: 1500, facilitators: 30, start: '2020-01-01', asOf: '2024-12-31' });
}, 120_000);
afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

// The default period, whole years, periods starting and ending mid-month, and one day.
const periods = [{}, { from: '2021-01-01', to: '2023-12-31' }, { from: '2022-03-17', to: '2022-11-04' }, { from: '2023-06-30', to: '2023-06-30' }];

describeEachDatabase('first exit per client: stored and numbered agree', (get) => {
  let everyFilter: { program: string[]; county: string[] };
  beforeAll(async () => {
    expect((await importExtract(get().warehouse, folder)).status).toBe('committed');
    const filters = await getFilters(get().warehouse);
    everyFilter = { program: filters.programs.map((p) => p.key), county: filters.counties };
    expect(usesStoredPreviousExit({ minStay: 8, program: [], county: [] })).toBe(true);
    expect(usesStoredPreviousExit({ minStay: 8, ...everyFilter })).toBe(false);
  }, 120_000);

  for (const period of periods) {
    for (const window of [180, 365] as const) {
      it(`re-entry ${JSON.stringify(period)}, ${window}-day window, overall and by facilitator`, async () => {
        for (const by of ['none', 'facilitator'] as const) {
          const stored = await getReentry(get().warehouse, { ...period, window, by });
          const numbered = await getReentry(get().warehouse, { ...period, window, by, ...everyFilter });
          expect(stored.excluded).toEqual(numbered.excluded);
          expect(stored.overall).toEqual(numbered.overall);
          expect(stored.groups).toEqual(numbered.groups);
          if (period === periods[1]) expect(stored.excluded.laterExitSameClient).toBeGreaterThan(0);
        }
      });
    }
  }

  it('the facilitator comparison agrees too', async () => {
    const stored = await getFacilitators(get().warehouse, { metric: 'reentry', ...periods[1] });
    const numbered = await getFacilitators(get().warehouse, { metric: 'reentry', ...periods[1], ...everyFilter });
    expect(stored.facilitators.map((f) => [f.staffId, f.n, f.events])).toEqual(numbered.facilitators.map((f) => [f.staffId, f.n, f.events]));
    expect(stored.overall).toEqual(numbered.overall);
  });
});

// Re-entry's "first eligible exit per client in the period" is chosen among all the client's exits, then the
// program and county filters choose among the exits (metrics.md 1: the program is that episode's). It has two
// implementations: the mart's stored previous eligible exit (the default minStay) and numbering each client's
// exits at query time (any other minStay). On a generated extract (concurrent episodes, same-day exits, short
// stays, every exit reason, clients moving between programs), on both paths and for any period, a program's
// filter must give exactly that program's group of by=program, and every program's filter together every
// exit and exclusion of the whole agency. The hand-made case in reentry.test.ts pins the rule itself.
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

describeEachDatabase('first exit per client, then the filters', (get) => {
  let programs: string[];
  beforeAll(async () => {
    expect((await importExtract(get().warehouse, folder)).status).toBe('committed');
    programs = (await getFilters(get().warehouse)).programs.map((p) => p.key);
    expect(programs.length).toBeGreaterThan(1);
    expect(usesStoredPreviousExit({ minStay: 8 })).toBe(true);
    expect(usesStoredPreviousExit({ minStay: 9 })).toBe(false);
  }, 120_000);

  for (const period of periods) {
    for (const minStay of [8, 9]) {
      it(`re-entry ${JSON.stringify(period)}, minStay ${minStay}: each program's filter is its group, all of them the agency`, async () => {
        const all = await getReentry(get().warehouse, { ...period, minStay });
        const byProgram = await getReentry(get().warehouse, { ...period, minStay, by: 'program' });
        const filtered = await Promise.all(programs.map((program) => getReentry(get().warehouse, { ...period, minStay, program: [program] })));
        for (const [i, program] of programs.entries()) {
          const group = byProgram.groups.find((g) => g.key === program);
          expect([filtered[i].overall.n, filtered[i].overall.events]).toEqual(group ? [group.n, group.events] : [0, 0]);
        }
        for (const reason of Object.keys(all.excluded) as (keyof typeof all.excluded)[]) {
          expect(filtered.reduce((sum, r) => sum + r.excluded[reason], 0)).toBe(all.excluded[reason]);
        }
        if (period === periods[1]) expect(all.excluded.laterExitSameClient).toBeGreaterThan(0);
      });
    }
  }

  it('the facilitator comparison: each program counts its clients\' first exits only', async () => {
    for (const minStay of [8, 9]) {
      const all = await getFacilitators(get().warehouse, { metric: 'reentry', ...periods[1], minStay });
      const filtered = await Promise.all(programs.map((program) => getFacilitators(get().warehouse, { metric: 'reentry', ...periods[1], minStay, program: [program] })));
      expect(filtered.reduce((sum, r) => sum + r.overall.n, 0)).toBe(all.overall.n);
      expect(filtered.reduce((sum, r) => sum + r.overall.events, 0)).toBe(all.overall.events);
    }
  });
});

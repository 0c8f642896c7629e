// `outcomes metric`: the JSON printed is what the metric function returns; bad options are usage errors.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { engines, openTestDatabase } from '../../../helpers/databases.ts';
import { run } from '../../../../bin/commands/metric.ts';
import { loadConfig } from '../../../../bin/config.ts';
import { UsageError } from '../../../../bin/usage.ts';
import { getFacilitators, getReentry } from '../../../../metrics/index.ts';
import { loadFixture } from './fixture.ts';

async function printed(argv: string[], env: Record<string, string>): Promise<unknown> {
  let out = '';
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out += String(chunk)), true));
  try {
    expect(await run(argv, loadConfig(env))).toBe(0);
  } finally {
    write.mockRestore();
  }
  return JSON.parse(out);
}

afterEach(() => vi.restoreAllMocks());

for (const kind of engines) {
  describe(`outcomes metric [${kind}]`, () => {
    it('prints the metric functions results as JSON', async () => {
      const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ao-metric-cli-')), 'pglite');
      const db = await openTestDatabase(kind, dir);
      let expected: unknown[];
      try {
        await loadFixture(db.warehouse, {
          asOf: '2025-06-30',
          clients: [{ id: 'c1', race: 'black', county: 'River' }, { id: 'c2' }],
          episodes: [
            ['e1', 'c1', '2023-01-01', '2023-03-01', 'completed', 'Family Support'],
            ['e2', 'c1', '2023-04-01', null, null],
            ['e3', 'c2', '2023-01-01', '2023-03-01', 'disengaged'],
          ],
        });
        expected = [
          await getReentry(db.warehouse, { from: '2023-01-01', to: '2023-12-31', by: 'race_ethnicity', program: ['family support', 'Wraparound'], window: 180, minStay: 30 }),
          await getFacilitators(db.warehouse, { metric: 'successful-exits', adjusted: true, from: '2023-01-01', to: '2023-12-31', by: 'race_ethnicity' }),
        ];
      } finally {
        // PGlite allows one opener per folder: the command opens it itself.
        if (kind === 'pglite') await db.warehouse.close();
      }
      const env: Record<string, string> = kind === 'postgres' ? { DATABASE_URL: db.options.databaseUrl! } : { PGLITE_DIR: dir };
      try {
        // c1 (Family Support) re-entered 31 days after exit; c2 (Wraparound) did not: 1 of 2.
        const reentry = await printed(
          ['reentry', '--from', '2023-01-01', '--to', '2023-12-31', '--by', 'race_ethnicity', '--program', 'family support', '--program', 'Wraparound', '--window', '180', '--min-stay', '30'],
          env,
        );
        expect(reentry).toEqual(JSON.parse(JSON.stringify(expected[0])));
        expect(reentry).toMatchObject({ overall: { n: 2, events: 1 } });
        // Each opening of the embedded database costs seconds: one more run, for the flag that is not a parameter.
        const facilitators = await printed(['facilitators', '--metric', 'successful-exits', '--adjusted', '--from', '2023-01-01', '--to', '2023-12-31', '--by', 'race_ethnicity'], env);
        expect(facilitators).toEqual(JSON.parse(JSON.stringify(expected[1])));
        // --by gives each facilitator its cases by group (the heat map's cells).
        expect(facilitators).toMatchObject({ facilitators: [{ groups: [{ key: 'black' }, { key: 'white' }] }] });
      } finally {
        if (kind === 'pglite') fs.rmSync(path.dirname(dir), { recursive: true, force: true });
        else await db.dispose();
      }
    });
  });
}

describe('outcomes metric usage', () => {
  const cases: [string[], RegExp][] = [
    [[], /one name/],
    [['nonsense'], /Unknown metric "nonsense"/],
    [['reentry', 'extra'], /one name/],
    [['reentry', '--window', '200'], /^--window: must be 180, 365 or 730 days$/],
    [['reentry', '--min-stay', 'x'], /^--min-stay: /],
    [['reentry', '--from', '2024-01-02', '--to', '2024-01-01'], /^--from: from must be on or before to$/],
    [['reentry', '--by', 'colour'], /^--by: /],
    [['reentry', '--dimension', 'gender'], /--dimension does not apply to the reentry metric/],
    [['equity', '--metric', 'workforce'], /^--metric: /],
    [['reentry', '--colour', 'red'], /colour/],
    [['workforce', '--metric', 'reentry'], /--metric does not apply to the workforce metric/],
    [['workforce', '--roles', 'janitor'], /^--roles: /],
    [['facilitators', '--staff-id', ' '], /--staff-id must not be empty/],
    [['facilitators', '--by', 'facilitator'], /^--by: must be one of none, program, county, race_ethnicity/],
    [['reentry', '--adjusted'], /--adjusted does not apply to the reentry metric/],
  ];
  it('says plainly that a database nothing was imported into has no warehouse', async () => {
    await expect(run(['reentry'], loadConfig({ PGLITE_DIR: 'memory://' }))).rejects.toThrow(/^This database holds no warehouse yet: run `outcomes migrate` and import an extract/);
  });

  for (const [argv, message] of cases) {
    it(`refuses ${argv.join(' ') || '(nothing)'}`, async () => {
      const attempt = run(argv, loadConfig({ PGLITE_DIR: 'memory://' }));
      await expect(attempt).rejects.toThrow(UsageError);
      await expect(attempt).rejects.toThrow(message);
    });
  }
});

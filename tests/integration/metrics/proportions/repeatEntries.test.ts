// Metric 3: repeat entries, from the intake side.
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../helpers/databases.ts';
import { getRepeatEntries } from '../../../../metrics/index.ts';
import { loadFixture } from './fixture.ts';

describeEachDatabase('repeat entries (metric 3)', (get) => {
  it('counts entries that start 1 to 365 days after the client last exit', async () => {
    await loadFixture(get().warehouse, {
      asOf: '2024-06-30',
      episodes: [
        // c1: gap 0 (starts the day the earlier episode ended) -> not a repeat; its first episode is an entry too
        ['a1', 'c1', '2023-01-15', '2023-03-01', 'completed'],
        ['a2', 'c1', '2023-03-01', null, null],
        // c2: gap 1 -> repeat
        ['b1', 'c2', '2022-12-01', '2023-03-01', 'completed'],
        ['b2', 'c2', '2023-03-02', null, null],
        // c3: 2022-06-01 + 365 = 2023-06-01, gap 365 -> repeat
        ['c1', 'c3', '2022-01-01', '2022-06-01', 'moved'],
        ['c2', 'c3', '2023-06-01', null, null],
        // c4: gap 366 -> not a repeat
        ['d1', 'c4', '2022-01-01', '2022-06-01', 'completed'],
        ['d2', 'c4', '2023-06-02', null, null],
        // c5: a first entry on the period's first day
        ['e1', 'c5', '2023-01-01', null, null],
        // c6: a 3-day episode counts as the previous exit (no minimum stay); entry on the period's last day -> repeat
        ['f1', 'c6', '2023-11-28', '2023-12-01', 'disengaged'],
        ['f2', 'c6', '2023-12-31', null, null],
        // c7: starts the day after the period
        ['g1', 'c7', '2024-01-01', null, null],
      ],
    });
    const result = await getRepeatEntries(get().warehouse, { from: '2023-01-01', to: '2023-12-31', minStay: 30 });
    // Entries in 2023: a1, a2, b2, c2, d2, e1, f1, f2 = 8; repeats b2, c2, f2 = 3 (minStay does not apply).
    // Wilson 3/8: p 0.375, centre 0.375 + 0.2401 = 0.6151, spread 1.96 * sqrt(0.029297 + 0.015005) = 0.4125
    //   -> (0.6151 -+ 0.4125) / 1.4802 = 0.136844 to 0.694258.
    expect(result.overall).toEqual({
      n: 8, events: 3, rate: 3 / 8, ciLow: expect.closeTo(0.136844, 6), ciHigh: expect.closeTo(0.694258, 6),
      unstable: true, suppressed: false,
    });
    expect(result.excluded).toEqual({});
  });
});

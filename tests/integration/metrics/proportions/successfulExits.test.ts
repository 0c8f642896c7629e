// Metric 2: successful exits, episode as the unit.
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../helpers/databases.ts';
import { getSuccessfulExits } from '../../../../metrics/index.ts';
import { loadFixture } from './fixture.ts';

describeEachDatabase('successful exits (metric 2)', (get) => {
  it('counts completed and stepped-down exits among exits within the agency control', async () => {
    await loadFixture(get().warehouse, {
      asOf: '2024-06-30',
      episodes: [
        // c1 exits twice: the episode is the unit, both count (completed, stepped_down: successes)
        ['a', 'c1', '2023-01-01', '2023-01-31', 'completed'],
        ['b', 'c1', '2023-03-01', '2023-03-31', 'stepped_down'],
        // in the denominator, not successful
        ['c', 'c2', '2023-01-01', '2023-01-31', 'disengaged'],
        ['d', 'c3', '2023-01-01', '2023-01-31', 'out_of_home'],
        ['e', 'c4', '2023-01-01', '2023-01-31', 'aged_out'],
        ['f', 'c5', '2023-01-01', '2023-01-31', 'other'],
        // outside the agency's control
        ['g', 'c6', '2023-01-01', '2023-01-31', 'moved'],
        // transferred after 5 days: outside control comes before short stay
        ['h', 'c7', '2023-01-01', '2023-01-06', 'transferred'],
        // 7 days: short stay; 8 days: counted
        ['i', 'c8', '2023-01-01', '2023-01-08', 'completed'],
        ['j', 'c9', '2023-01-01', '2023-01-09', 'completed'],
        // still open, or closed after the period: not exits of 2023
        ['k', 'c10', '2023-01-01', null, null],
        ['l', 'c11', '2023-06-01', '2024-01-01', 'completed'],
        // closed on the period's first and last day: counted
        ['m', 'c12', '2022-12-01', '2023-01-01', 'completed'],
        ['n', 'c13', '2023-12-01', '2023-12-31', 'disengaged'],
      ],
    });
    const result = await getSuccessfulExits(get().warehouse, { from: '2023-01-01', to: '2023-12-31' });
    // Denominator a, b, c, d, e, f, j, m, n = 9; successful a, b, j, m = 4.
    // Excluded: outsideAgencyControl g, h = 2; shortStay i = 1.
    // Wilson 4/9: p 0.4444, centre 0.4444 + 0.2134 = 0.6579, spread 1.96 * sqrt(0.02743 + 0.01186) = 0.3885
    //   -> (0.6579 -+ 0.3885) / 1.4268 = 0.188779 to 0.733349.
    expect(result.overall).toEqual({
      n: 9, events: 4, rate: 4 / 9, ciLow: expect.closeTo(0.188779, 6), ciHigh: expect.closeTo(0.733349, 6),
      unstable: true, suppressed: false,
    });
    expect(result.excluded).toEqual({ outsideAgencyControl: 2, shortStay: 1 });
    expect(result.params).toEqual({ from: '2023-01-01', to: '2023-12-31', minStay: 8, program: [], county: [], by: 'none' });
  });

  it('defaults to the 12 full calendar months before asOf, without a window shift', async () => {
    const result = await getSuccessfulExits(get().warehouse, {});
    // asOf 2024-06-30 -> 2023-06-01 to 2024-05-31.
    expect(result.params).toMatchObject({ from: '2023-06-01', to: '2024-05-31' });
    expect(result.params.window).toBeUndefined();
    // Only l (2024-01-01, completed) and n (2023-12-31, disengaged) fall in that period: 1 of 2.
    expect([result.overall.n, result.overall.events]).toEqual([2, 1]);
  });
});

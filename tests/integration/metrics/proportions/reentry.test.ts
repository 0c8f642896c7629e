// Metric 1: re-entry within a window, on tiny fixtures with the figures worked out by hand.
import { describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../helpers/databases.ts';
import { getReentry } from '../../../../metrics/index.ts';
import { loadFixture, type EpisodeRow } from './fixture.ts';

const year2023 = { from: '2023-01-01', to: '2023-12-31' };

// Exits in 2023, followed up to 2025-06-30 (complete for a 365-day window).
const rulesEpisodes: EpisodeRow[] = [
  // c1: eligible; next start 2023-03-01 + 365 = 2024-02-29, the window's last day -> re-entry
  ['e01', 'c1', '2023-01-01', '2023-03-01', 'completed'],
  ['e02', 'c1', '2024-02-29', null, null],
  // c2: eligible; next start 2023-04-01 + 366 = 2024-04-01, a day after the window -> no re-entry
  ['e03', 'c2', '2023-03-01', '2023-04-01', 'completed'],
  ['e04', 'c2', '2024-04-01', null, null],
  // c3: eligible; episodes that started before or on the exit day are concurrent -> no re-entry
  ['e05', 'c3', '2023-02-01', '2023-06-01', 'disengaged'],
  ['e06', 'c3', '2023-05-01', null, null],
  ['e07', 'c3', '2023-06-01', null, null],
  // c4: a 7-day stay is short; the 8-day stay after it is the first eligible exit; next start 22 days later -> re-entry
  ['e08', 'c4', '2023-05-01', '2023-05-08', 'completed'],
  ['e09', 'c4', '2023-06-01', '2023-06-09', 'completed'],
  ['e10', 'c4', '2023-07-01', null, null],
  // c5: first eligible exit e11 (no start after 2023-07-01); e12 is a later exit of the same client
  ['e11', 'c5', '2023-01-01', '2023-07-01', 'completed'],
  ['e12', 'c5', '2023-07-01', '2023-08-01', 'stepped_down'],
  // c6: two exits on the same day: the lower id (c6-a, facilitator f2) counts, c6-b is the later exit
  ['c6-b', 'c6', '2023-08-01', '2023-09-01', 'completed', 'Wraparound', 'f1'],
  ['c6-a', 'c6', '2023-08-15', '2023-09-01', 'other', 'Wraparound', 'f2'],
  // c7: out-of-home care is not a community exit; the later community exit e16 counts
  ['e15', 'c7', '2023-03-01', '2023-04-01', 'out_of_home'],
  ['e16', 'c7', '2023-05-01', '2023-06-01', 'completed'],
  // c9: exit on the period's last day counts; c10 a day later and c11 a day before the period do not
  ['e17', 'c9', '2023-12-01', '2023-12-31', 'completed'],
  ['e18', 'c10', '2023-12-01', '2024-01-01', 'completed'],
  ['e19', 'c11', '2022-12-01', '2022-12-31', 'completed'],
  // c12: exit on the period's first day counts
  ['e20', 'c12', '2022-12-01', '2023-01-01', 'completed'],
  // c13: moving away is not a community exit
  ['e21', 'c13', '2023-02-01', '2023-03-01', 'moved'],
];

describeEachDatabase('re-entry (metric 1)', (get) => {
  describe('exit rules', () => {
    it('counts the first eligible exit per client and re-entries within the window', async () => {
      await loadFixture(get().warehouse, { asOf: '2025-06-30', episodes: rulesEpisodes });
      const result = await getReentry(get().warehouse, year2023);
      // Eligible: c1, c2, c3, c4 (e09), c5 (e11), c6 (c6-a), c7 (e16), c9, c12 = 9; re-entered: c1, c4 = 2.
      // Excluded: nonCommunityExit e15, e21 = 2; shortStay e08 = 1; laterExitSameClient e12, c6-b = 2.
      // Wilson 2/9: (0.2222 + 0.2134 -+ 0.3454) / 1.4268 = 0.063225 to 0.547411.
      expect(result.overall).toEqual({
        n: 9, events: 2, rate: 2 / 9, ciLow: expect.closeTo(0.063225, 6), ciHigh: expect.closeTo(0.547411, 6),
        unstable: true, suppressed: false,
      });
      expect(result.excluded).toEqual({ nonCommunityExit: 2, shortStay: 1, laterExitSameClient: 2, incompleteFollowUp: 0 });
      expect(Object.keys(result.excluded)).toEqual(['nonCommunityExit', 'shortStay', 'laterExitSameClient', 'incompleteFollowUp']);
      expect(result.groups).toEqual([]);
      expect(result.asOf).toBe('2025-06-30');
      expect(result.params).toEqual({ ...year2023, window: 365, minStay: 8, program: [], county: [], by: 'none' });
    });

    it('takes the facilitator of the counted exit (earliest end, then lowest episode id)', async () => {
      const result = await getReentry(get().warehouse, { ...year2023, by: 'facilitator' });
      // f2 holds only c6-a (no re-entry); f1 the other 8 eligible exits with both re-entries.
      expect(result.groups.map(({ key, label, n, events }) => ({ key, label, n, events }))).toEqual([
        { key: 'f1', label: 'Alex Ames', n: 8, events: 2 },
        { key: 'f2', label: 'Blair Burns', n: 1, events: 0 },
      ]);
    });

    it('treats minStay as a parameter: with 0 the 7-day stay is the first exit of c4', async () => {
      const result = await getReentry(get().warehouse, { ...year2023, minStay: 0 });
      // c4's e08 (7 days) now counts: next start 2023-06-01 is 24 days later -> re-entry; e09 becomes a later exit.
      // Eligible still 9 (same clients), re-entered c1, c4 = 2; shortStay 0, laterExitSameClient 3.
      expect([result.overall.n, result.overall.events]).toEqual([9, 2]);
      expect(result.excluded).toEqual({ nonCommunityExit: 2, shortStay: 0, laterExitSameClient: 3, incompleteFollowUp: 0 });
    });
  });

  describe('program filter', () => {
    // A client's first eligible exit is chosen among all programs, then the filter applies (metrics.md 1: the
    // program is that of that episode). c1 exits Family Support first (f1), then Wraparound (f2), then comes back.
    // c2 exits Wraparound only and does not come back.
    const twoPrograms: EpisodeRow[] = [
      ['e1', 'c1', '2023-01-01', '2023-02-01', 'completed', 'Family Support', 'f1'],
      ['e2', 'c1', '2023-02-05', '2023-03-10', 'completed', 'Wraparound', 'f2'],
      ['e3', 'c1', '2023-04-01', null, null, 'Wraparound', 'f2'],
      ['e4', 'c2', '2023-05-01', '2023-06-01', 'completed', 'Wraparound', 'f2'],
    ];

    for (const minStay of [8, 9]) {
      it(`counts a client under the program of the first exit, on both first-exit paths (minStay ${minStay})`, async () => {
        await loadFixture(get().warehouse, { asOf: '2025-06-30', episodes: twoPrograms });
        // Family Support: e1 (31 days), re-entry e2 on 2023-02-05 -> 1 of 1.
        const familySupport = await getReentry(get().warehouse, { ...year2023, minStay, program: ['family support'] });
        expect([familySupport.overall.n, familySupport.overall.events]).toEqual([1, 1]);
        expect(familySupport.excluded).toEqual({ nonCommunityExit: 0, shortStay: 0, laterExitSameClient: 0, incompleteFollowUp: 0 });
        // Wraparound: e2 is c1's later exit (e1 came first); e4 (c2) no re-entry -> 0 of 1.
        const wraparound = await getReentry(get().warehouse, { ...year2023, minStay, program: ['Wraparound'] });
        expect([wraparound.overall.n, wraparound.overall.events]).toEqual([1, 0]);
        expect(wraparound.excluded).toEqual({ nonCommunityExit: 0, shortStay: 0, laterExitSameClient: 1, incompleteFollowUp: 0 });
        // The same as the groups by program, and as the facilitators: f1 holds e1, f2 only e4.
        const byProgram = await getReentry(get().warehouse, { ...year2023, minStay, by: 'program' });
        expect(byProgram.groups.map(({ key, n, events }) => [key, n, events])).toEqual([['family support', 1, 1], ['wraparound', 1, 0]]);
        const byFacilitator = await getReentry(get().warehouse, { ...year2023, minStay, by: 'facilitator', program: ['wraparound'] });
        expect(byFacilitator.groups.map(({ key, n, events }) => [key, n, events])).toEqual([['f2', 1, 0]]);
      });
    }
  });

  describe('follow-up', () => {
    // Exits in 2024, as of 2025-06-30.
    const followUpEpisodes: EpisodeRow[] = [
      // c1: 2024-06-30 + 365 = 2025-06-30 = asOf -> complete; re-entry on the window's last day
      ['a1', 'c1', '2024-01-01', '2024-06-30', 'completed'],
      ['a2', 'c1', '2025-06-30', null, null],
      // c2: 2024-07-01 + 365 = 2025-07-01 > asOf -> incomplete
      ['b1', 'c2', '2024-01-01', '2024-07-01', 'completed'],
      // c3: first exit 2024-03-01 complete, re-entry 31 days later; the second exit is a later exit, not incomplete
      ['c31', 'c3', '2024-01-01', '2024-03-01', 'completed'],
      ['c32', 'c3', '2024-04-01', '2024-08-01', 'completed'],
      // c4: first exit 2024-08-01 incomplete; second exit (9 days after) is a later exit
      ['d1', 'c4', '2024-06-01', '2024-08-01', 'completed'],
      ['d2', 'c4', '2024-08-10', '2024-09-01', 'completed'],
      // c5: non-community exit takes precedence over incomplete follow-up
      ['f1', 'c5', '2024-10-01', '2024-12-01', 'out_of_home'],
    ];
    const year2024 = { from: '2024-01-01', to: '2024-12-31' };

    it('leaves out exits whose window ends after asOf (365 days)', async () => {
      await loadFixture(get().warehouse, { asOf: '2025-06-30', episodes: followUpEpisodes });
      const result = await getReentry(get().warehouse, year2024);
      // Counted: c1 (re-entered on day 365), c3 (re-entered on day 31) -> 2 of 2; incomplete: c2, c4.
      expect([result.overall.n, result.overall.events, result.overall.rate]).toEqual([2, 2, 1]);
      expect(result.excluded).toEqual({ nonCommunityExit: 1, shortStay: 0, laterExitSameClient: 2, incompleteFollowUp: 2 });
    });

    it('uses the window for both follow-up and re-entry (180 and 730 days)', async () => {
      const short = await getReentry(get().warehouse, { ...year2024, window: 180 });
      // All four first exits are followed 180 days by asOf; re-entered within 180: c3 (31), c4 (9); c1 (365) not.
      expect([short.overall.n, short.overall.events]).toEqual([4, 2]);
      expect(short.excluded).toEqual({ nonCommunityExit: 1, shortStay: 0, laterExitSameClient: 2, incompleteFollowUp: 0 });
      const long = await getReentry(get().warehouse, { ...year2024, window: 730 });
      // No 2024 exit has 730 days of follow-up by 2025-06-30: all four first exits are incomplete.
      expect(long.overall).toMatchObject({ n: 0, events: 0, rate: null, ciLow: null, ciHigh: null, unstable: true });
      expect(long.excluded.incompleteFollowUp).toBe(4);
    });
  });

  describe('default period', () => {
    it('is the 12 full months before asOf shifted back by the window', async () => {
      const result = await getReentry(get().warehouse, {});
      // asOf 2025-06-30: the full months before are 2024-06..2025-05; 365 days shift a year back.
      expect(result.params).toMatchObject({ from: '2023-06-01', to: '2024-05-31', window: 365 });
      const short = await getReentry(get().warehouse, { window: 180 });
      expect(short.params).toMatchObject({ from: '2023-12-01', to: '2024-11-30', window: 180 });
    });
  });
});

// Workforce (metrics.md 5) on a hand-built agency, both engines.
import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../helpers/databases.ts';
import { getWorkforce } from '../../../../metrics/workforce/index.ts';
import { MetricInputError } from '../../../../metrics/errors.ts';
import { loadWarehouse, type WarehouseFixture } from '../timeInServices/warehouseFixture.ts';

// asOf 2025-06-30; the period is 2024 (366 days). Facilitators unless said otherwise.
const staff: WarehouseFixture['staff'] = [
  { id: 'sup1', name: 'Dana Supervisor', role: 'supervisor', hired: '2019-01-01' },
  { id: 'sup2', name: 'Eli Supervisor', role: 'supervisor', hired: '2019-01-01' },
  { id: 'a', supervisor: 'sup1', hired: '2020-01-01', certified: '2021-01-01' }, // stays
  { id: 'b', supervisor: 'sup1', hired: '2020-01-01', separated: '2024-01-01', reason: 'voluntary' }, // leaves on the first day
  { id: 'c', supervisor: 'sup2', hired: '2021-06-01', separated: '2024-12-31', reason: 'involuntary' }, // leaves on the last day
  { id: 'd', supervisor: 'sup2', hired: '2024-03-15', separated: '2024-09-15', reason: 'voluntary' }, // 184 days
  { id: 'e', supervisor: 'sup1', hired: '2024-07-01', certified: '2024-12-31' }, // certified on `to`; 364 days by asOf
  { id: 'f', supervisor: 'sup2', hired: '2023-06-01', separated: '2024-08-01', reason: 'voluntary' },
  { id: 'g', role: 'other', hired: '2020-01-01' }, // not a facilitator
  { id: 'h', supervisor: 'sup1', hired: '2025-01-15' }, // hired after the period
];
const clients = ['x1', 'x2', 'x3', 'x4', 'x5'].map((id) => ({ id }));
const episodes = [
  { id: 'ep1', client: 'x1', facilitator: 'a', start: '2023-12-15' }, // open all along
  { id: 'ep2', client: 'x2', facilitator: 'c', start: '2024-01-01', end: '2024-03-01' }, // open Jan 1, Feb 1 (not on Mar 1, its end)
  { id: 'ep3', client: 'x3', facilitator: 'e', start: '2024-02-10', end: '2024-11-20' }, // c until Jul 1, then e
  { id: 'ep4', client: 'x4', facilitator: 'a', start: '2024-05-01', end: '2024-06-15' }, // open May 1, Jun 1
  { id: 'ep5', client: 'x5', facilitator: 'd', start: '2023-01-01', end: '2023-06-01' }, // before the period
];
const assignments = [
  { episode: 'ep3', staff: 'c', start: '2024-02-10', end: '2024-07-01' },
  { episode: 'ep3', staff: 'e', start: '2024-07-01' }, // open-ended: ends with the episode (Nov 20)
];
const year2024 = { from: '2024-01-01', to: '2024-12-31' };

describeEachDatabase('workforce', (get) => {
  describe('with assignments', () => {
    beforeAll(async () => {
      await loadWarehouse(get().warehouse, { asOf: '2025-06-30', staff, clients, episodes, assignments });
    });

    it('counts headcount, separations and annualised turnover', async () => {
      const r = await getWorkforce(get().warehouse, year2024);
      expect([r.metric, r.asOf, r.params.by, r.params.cohort, r.params.roles]).toEqual(['workforce', '2025-06-30', 'none', 'period', ['facilitator']]);
      expect(r.groups).toEqual([]);
      // On 2024-01-01: a, c, f (b separated that day). On 2024-12-31: a, e (c separated that day).
      // Month starts: Jan-Mar a c f = 3; Apr-Jun + d = 4; Jul + e = 5; Aug-Sep (f gone) 4; Oct-Dec (d gone) 3 -> 43 / 12.
      expect(r.headcount).toEqual({ start: 3, end: 2, average: 43 / 12 });
      // Separations in [2024-01-01, 2024-12-31] bounds included: b, c, d, f; voluntary b, d, f.
      expect(r.separations).toEqual({ all: 4, voluntary: 3 });
      // 4 / (43/12) x 365 / 366 days and 3 / (43/12) x 365 / 366.
      expect(r.turnover.all).toBeCloseTo(((4 / (43 / 12)) * 365) / 366, 12);
      expect(r.turnover.voluntary).toBeCloseTo(((3 / (43 / 12)) * 365) / 366, 12);
      // Exact Poisson limits over (43/12) x 366 / 365 = 3.593151 staff-years: 4 separations, R poisson.test(4) gives
      // 1.089865 to 10.241589, so 0.303318 to 2.850297 a year; 3 voluntary: 0.6186721 to 8.7672731 -> 0.172181 to 2.439995.
      const staffYears = ((43 / 12) * 366) / 365;
      expect(r.turnover.allLow).toBeCloseTo(1.089865 / staffYears, 6);
      expect(r.turnover.allHigh).toBeCloseTo(10.241589 / staffYears, 6);
      expect(r.turnover.voluntaryLow).toBeCloseTo(0.6186721 / staffYears, 6);
      expect(r.turnover.voluntaryHigh).toBeCloseTo(8.7672731 / staffYears, 6);
    });

    it('annualises a period without a month start from the mean of its two ends', async () => {
      const r = await getWorkforce(get().warehouse, { from: '2024-09-02', to: '2024-09-30' });
      // On 09-02: a, c, d, e; on 09-30: a, c, e (d left 09-15). No 1st in the period: average (4 + 3) / 2.
      expect([r.headcount, r.separations, r.caseload]).toEqual([{ start: 4, end: 3, average: 3.5 }, { all: 1, voluntary: 1 }, []]);
      // 1 / 3.5 x 365 / 29 days.
      expect(r.turnover.all).toBeCloseTo(((1 / 3.5) * 365) / 29, 12);
    });

    it('counts a period running past asOf up to asOf: headcount then, and the exposure of the days known', async () => {
      const r = await getWorkforce(get().warehouse, { from: '2025-01-01', to: '2025-12-31' });
      // On 2025-01-01: a, e. On asOf 2025-06-30: a, e, h (hired 01-15). Month starts up to asOf: Jan a e = 2,
      // Feb-Jun a e h = 3 x 5 -> 17 / 6. No separation.
      expect([r.headcount, r.separations]).toEqual([{ start: 2, end: 3, average: 17 / 6 }, { all: 0, voluntary: 0 }]);
      // 0 over (17/6) x 181 / 365 staff-years (2025-01-01 to 2025-06-30, 181 days), not over the whole year:
      // R poisson.test(0) gives 0 to 3.688879.
      expect(r.turnover.all).toBe(0);
      expect(r.turnover.allHigh).toBeCloseTo(3.688879 / (((17 / 6) * 181) / 365), 5);
      // A period wholly after asOf has no day known: no turnover (not one day's exposure annualised).
      const future = await getWorkforce(get().warehouse, { from: '2025-07-01', to: '2025-12-31' });
      expect([future.turnover.all, future.turnover.allLow, future.turnover.allHigh]).toEqual([null, null, null]);
    });

    it('measures 12-month retention of the staff employed on from', async () => {
      const r = await getWorkforce(get().warehouse, year2024);
      // Employed 2024-01-01: a, c, f. Still employed 2024-12-31 (from + 365 <= asOf): a only (c left that day, f in August).
      expect(r.retention12m).toMatchObject({ n: 3, events: 1, rate: 1 / 3, unstable: true });
      // Wilson for 1 of 3, z = 1.959964: (1/3 + z²/6 -+ z sqrt(2/27 + z²/36)) / (1 + z²/3) = 0.06149, 0.79234.
      expect(r.retention12m!.ciLow).toBeCloseTo(0.061491944, 8);
      expect(r.retention12m!.ciHigh).toBeCloseTo(0.792340401, 8);
      // 2025: from + 365 = 2026-01-01 is after asOf: not known yet.
      const later = await getWorkforce(get().warehouse, { from: '2025-01-01', to: '2025-12-31' });
      expect(later.retention12m).toBeNull();
    });

    it('estimates tenure for hires in the period, censored at asOf, or for all hires', async () => {
      const r = await getWorkforce(get().warehouse, year2024);
      // Hired in 2024: d left after 184 days, e still employed after 364 days (censored).
      expect([r.tenure.n, r.tenure.events, r.tenure.censored, r.tenure.median]).toEqual([2, 1, 1, 184]);
      // S(184) = 1/2; still employed at 180 days: 1; nobody followed 365 days (e: 364): null.
      expect(r.tenure.stillInServices).toEqual({ '90': 1, '180': 1, '365': null, '730': null });
      const all = await getWorkforce(get().warehouse, { ...year2024, cohort: 'all' });
      // Every facilitator: h 166 (c), d 184, e 364 (c), f 427, c 1309, b 1461, a 2007 (c).
      // S: 184 -> 5/6 (6 at risk); 427 -> 5/6 * 3/4 = 5/8; 1309 -> 5/8 * 2/3 = 5/12 (median); 1461 -> 5/24.
      expect([all.tenure.n, all.tenure.events, all.tenure.median]).toEqual([7, 4, 1309]);
      expect(all.tenure.stillInServices).toEqual({ '90': 1, '180': 1, '365': 5 / 6, '730': (5 / 6) * (3 / 4) });
    });

    it('counts caseload on each month start, following assignments', async () => {
      const r = await getWorkforce(get().warehouse, year2024);
      // Open on the 1st (start <= day < end): ep1 always; ep2 Jan, Feb; ep3 from Mar (c) then Jul-Nov (e); ep4 May, Jun.
      expect(r.caseload.map((m) => [m.month, m.facilitators, m.openEpisodes])).toEqual([
        ['2024-01-01', 3, 2], ['2024-02-01', 3, 2], ['2024-03-01', 3, 2], ['2024-04-01', 4, 2],
        ['2024-05-01', 4, 3], ['2024-06-01', 4, 3], ['2024-07-01', 5, 2], ['2024-08-01', 4, 2],
        ['2024-09-01', 4, 2], ['2024-10-01', 3, 2], ['2024-11-01', 3, 2], ['2024-12-01', 3, 1],
      ]);
      expect(r.caseload[4].perFacilitator).toBe(3 / 4);
      // Months after asOf are not known yet: 2025 stops at June. Jan: a, e; Feb-Jun: a, e, h -> average 17/6; no separations.
      const later = await getWorkforce(get().warehouse, { from: '2025-01-01', to: '2025-12-31' });
      expect(later.caseload.map((m) => m.month)).toEqual(['2025-01-01', '2025-02-01', '2025-03-01', '2025-04-01', '2025-05-01', '2025-06-01']);
      expect([later.headcount.average, later.turnover.all]).toEqual([17 / 6, 0]);
    });

    it('measures continuity over episodes closed in the period', async () => {
      const r = await getWorkforce(get().warehouse, year2024);
      // Closed in 2024: ep2, ep3, ep4; ep3 had c then e.
      expect(r.continuity).toMatchObject({ n: 3, events: 1, rate: 1 / 3 });
    });

    it('repeats the figures per supervisor team', async () => {
      const r = await getWorkforce(get().warehouse, { ...year2024, by: 'supervisor' });
      expect(r.groups.map((g) => [g.key, g.label])).toEqual([['sup1', 'Dana Supervisor'], ['sup2', 'Eli Supervisor']]);
      const [dana, eli] = r.groups;
      // Dana: a, b, e, h. Start: a; end: a, e; b left (voluntary). Months: Jan-Jun a = 1, Jul-Dec a, e = 2 -> 1.5.
      expect([dana.headcount, dana.separations]).toEqual([{ start: 1, end: 2, average: 1.5 }, { all: 1, voluntary: 1 }]);
      expect(dana.turnover.all).toBeCloseTo(((1 / 1.5) * 365) / 366, 12);
      expect(dana.retention12m).toMatchObject({ n: 1, events: 1 });
      // Eli: c, d, f. Months 2, 2, 2, 3, 3, 3, 3, 2, 2, 1, 1, 1 = 25 / 12; separations c, d, f (d, f voluntary).
      expect([eli.headcount, eli.separations]).toEqual([{ start: 2, end: 0, average: 25 / 12 }, { all: 3, voluntary: 2 }]);
      // Caseload: Eli's team carries ep2 (c) Jan, Feb and ep3 (c) Mar-Jun; Dana's carries ep1, ep4, then ep3 (e) Jul-Nov.
      expect(eli.caseload.map((m) => m.openEpisodes)).toEqual([1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0]);
      expect(dana.caseload.map((m) => m.openEpisodes)).toEqual([1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 1]);
      // Continuity by the facilitator of record's team: ep2 (c, Eli), ep3 (e, Dana; changed), ep4 (a, Dana).
      expect([dana.continuity, eli.continuity].map((c) => [c!.n, c!.events])).toEqual([[2, 1], [1, 0]]);
      // In 2025 all of Eli's team had left (c on 2024-12-31): no row of zeros for the team.
      const later = await getWorkforce(get().warehouse, { from: '2025-01-01', to: '2025-06-30', by: 'supervisor' });
      expect(later.groups.map((g) => g.key)).toEqual(['sup1']);
    });

    it('splits by certification by the end of the period, and counts other roles on request', async () => {
      const r = await getWorkforce(get().warehouse, { ...year2024, by: 'certified' });
      // Certified by 2024-12-31: a, e (on that day). Not: b, c, d, f, h.
      expect(r.groups.map((g) => [g.key, g.label, g.headcount.start, g.headcount.end, g.separations.all])).toEqual([
        ['yes', 'Certified', 1, 2, 0],
        ['no', 'Not certified', 2, 0, 4],
      ]);
      const withOther = await getWorkforce(get().warehouse, { ...year2024, roles: ['facilitator', 'other'] });
      // g (other) is employed all year: one more on each day: (43 + 12) / 12.
      expect([withOther.headcount.start, withOther.headcount.end, withOther.headcount.average]).toEqual([4, 3, 55 / 12]);
    });

    it('refuses an unknown grouping or role', async () => {
      await expect(getWorkforce(get().warehouse, { by: 'county' as never })).rejects.toThrow(MetricInputError);
      await expect(getWorkforce(get().warehouse, { roles: ['manager'] })).rejects.toThrow(MetricInputError);
    });
  });

  describe('without assignments', () => {
    beforeAll(async () => {
      await loadWarehouse(get().warehouse, { asOf: '2025-06-30', staff, clients, episodes });
    });

    it('reports no continuity and counts each episode for its facilitator of record', async () => {
      const r = await getWorkforce(get().warehouse, { ...year2024, by: 'supervisor' });
      expect(r.continuity).toBeNull();
      // ep3 is e's (Dana's team) from Feb 10 to Nov 20: Eli's team now carries only ep2, Jan and Feb.
      const [dana, eli] = r.groups;
      expect(eli.caseload.map((m) => m.openEpisodes)).toEqual([1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
      expect(dana.caseload.map((m) => m.openEpisodes)).toEqual([1, 1, 2, 2, 3, 3, 2, 2, 2, 2, 2, 1]);
    });
  });
});

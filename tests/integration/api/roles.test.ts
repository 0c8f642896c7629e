// The role module is pure: these tests shape hand-made responses and check
// names and small cells (metrics.md section 9) without a database.
import { describe, expect, it } from 'vitest';
import { assertMayRequest, assertNoSmallCounts, shapeForViewer, type Disclosure } from '../../../api/roles.ts';
import type { Viewer } from '../../../api/access/tables.ts';

const leader: Viewer = { username: 'lee', role: 'leader', staffId: null };
const supervisor: Viewer = { username: 'sue', role: 'supervisor', staffId: 'S1' };
const funder: Viewer = { username: 'fay', role: 'funder', staffId: null };
const disclosure: Disclosure = { suppressBelow: 11, team: new Set(['S1', 'F1', 'F2']) };

const p = (n: number, events: number) => ({ n, events, rate: n ? events / n : null, ciLow: 0.01, ciHigh: 0.99, unstable: n < 20, suppressed: false });

function metricBody(groups: { key: string; label: string; n: number; events: number }[]) {
  const n = groups.reduce((s, g) => s + g.n, 0);
  const events = groups.reduce((s, g) => s + g.events, 0);
  return {
    metric: 'reentry',
    params: { from: '2023-01-01', to: '2023-12-31', window: 365, minStay: 8, program: [], county: [], by: 'race_ethnicity' },
    asOf: '2025-06-30',
    overall: p(n, events),
    groups: groups.map((g) => ({ key: g.key, label: g.label, ...p(g.n, g.events) })),
    excluded: { nonCommunityExit: 4, shortStay: 0, laterExitSameClient: 25, incompleteFollowUp: 11 },
  };
}

describe('funder small cells', () => {
  it('withholds a group with a denominator from 1 to 10, and the next smallest group too', () => {
    // black n=7 is small; the next smallest unsuppressed group is hispanic (n=30), so it goes too; white (n=200) stays.
    const body = metricBody([
      { key: 'black', label: 'Black', n: 7, events: 2 },
      { key: 'hispanic_latino', label: 'Hispanic or Latino', n: 30, events: 12 },
      { key: 'white', label: 'White', n: 200, events: 40 },
    ]);
    const shaped = shapeForViewer('metric', body, funder, disclosure);
    expect(shaped.groups.map((g) => [g.key, g.suppressed, g.n, g.events, g.rate, g.ciLow])).toEqual([
      ['black', true, null, null, null, null],
      ['hispanic_latino', true, null, null, null, null],
      ['white', false, 200, 40, 0.2, 0.01],
    ]);
    // overall 237 / 54 is shown; excluded 4 is withheld, 0, 25 and 11 are shown.
    expect(shaped.overall).toMatchObject({ n: 237, events: 54, suppressed: false });
    expect(shaped.excluded).toEqual({ nonCommunityExit: null, shortStay: 0, laterExitSameClient: 25, incompleteFollowUp: 11 });
    // the input object is left alone
    expect(body.groups[0].n).toBe(7);
  });

  it('withholds a group whose numerator is small even when its denominator is large', () => {
    // asian: 3 events of 50 → suppressed; next smallest is white (n=60) → suppressed; black n=400 stays.
    const shaped = shapeForViewer('metric', metricBody([
      { key: 'asian', label: 'Asian', n: 50, events: 3 },
      { key: 'black', label: 'Black', n: 400, events: 80 },
      { key: 'white', label: 'White', n: 60, events: 20 },
    ]), funder, disclosure);
    expect(shaped.groups.map((g) => g.suppressed)).toEqual([true, false, true]);
  });

  it('shows zero and adds no third suppression when two small groups add up to 11 or more cases and no events', () => {
    const shaped = shapeForViewer('metric', metricBody([
      { key: 'a', label: 'A', n: 5, events: 0 },
      { key: 'b', label: 'B', n: 9, events: 0 },
      { key: 'c', label: 'C', n: 40, events: 0 },
      { key: 'd', label: 'D', n: 11, events: 11 },
    ]), funder, disclosure);
    // a (n=5) and b (n=9) are small; together 14 cases, 0 events: the total minus c and d gives nothing small back.
    expect(shaped.groups.map((g) => [g.key, g.suppressed, g.events])).toEqual([
      ['a', true, null], ['b', true, null], ['c', false, 0], ['d', false, 11],
    ]);
  });

  it('hides one group more when the hidden groups still add up to a small count', () => {
    // a 5/0 and b 9/9 are small; together 14 cases and 9 events, which the overall minus c and d would give back
    // (9 events): d (n=11), the next smallest, goes too (a+b+d: 25 cases, 20 events). c's zero is shown.
    const shaped = shapeForViewer('metric', metricBody([
      { key: 'a', label: 'A', n: 5, events: 0 },
      { key: 'b', label: 'B', n: 9, events: 9 },
      { key: 'c', label: 'C', n: 40, events: 0 },
      { key: 'd', label: 'D', n: 11, events: 11 },
    ]), funder, disclosure);
    expect(shaped.groups.map((g) => [g.key, g.suppressed, g.events])).toEqual([
      ['a', true, null], ['b', true, null], ['c', false, 0], ['d', true, null],
    ]);
    // Two hidden groups of 1 case each (overall minus the shown = 2) would each be known to be 1.
    const ones = shapeForViewer('metric', metricBody([
      { key: 'a', label: 'A', n: 1, events: 1 },
      { key: 'b', label: 'B', n: 1, events: 0 },
      { key: 'c', label: 'C', n: 13, events: 11 },
      { key: 'd', label: 'D', n: 14, events: 12 },
    ]), funder, disclosure);
    expect(ones.groups.map((g) => g.suppressed)).toEqual([true, true, true, false]);
  });

  it('leaves leaders and supervisors the small cells', () => {
    const body = metricBody([{ key: 'black', label: 'Black', n: 7, events: 2 }, { key: 'white', label: 'White', n: 70, events: 2 }]);
    expect(shapeForViewer('metric', body, leader, disclosure).groups[0]).toMatchObject({ n: 7, events: 2, suppressed: false });
    expect(shapeForViewer('metric', body, supervisor, disclosure).groups[0]).toMatchObject({ n: 7, events: 2 });
  });

  it('gives funders a shown curve only while 11 or more are still in services after each point, without the counts', () => {
    const overall = {
      n: 300, events: 250, censored: 50, median: 120, medianLow: 100, medianHigh: 150, q25: 40, q75: 400,
      stillInServices: { 90: 0.6, 180: 0.4, 365: 0.3, 730: 0.03 },
      stillInServicesLow: { 90: 0.55, 180: 0.35, 365: 0.25, 730: 0.01 },
      stillInServicesHigh: { 90: 0.65, 180: 0.45, 365: 0.35, 730: 0.06 },
      followedBeyond: { 90: 170, 180: 120, 365: 60, 730: 5 },
      // At risk 300 at day 0, 160 on day 100, 15 on day 500, then 9 and 2: S(500) x n would give the 9 after day
      // 500 back (with no censoring), and the later steps 9 and 2 themselves.
      curve: [{ t: 0, s: 1, atRisk: 300 }, { t: 100, s: 0.55, atRisk: 160 }, { t: 500, s: 0.2, atRisk: 15 }, { t: 640, s: 0.15, atRisk: 9 }, { t: 800, s: 0.1, atRisk: 2 }],
    };
    const body = { metric: 'time-in-services', params: { by: 'none' }, asOf: '2025-06-30', overall, groups: [], excluded: {} };
    const shaped = shapeForViewer('metric', structuredClone(body), funder, disclosure);
    expect(shaped.overall.curve).toEqual([{ t: 0, s: 1 }, { t: 100, s: 0.55 }]);
    // 5 followed beyond 730 days: the share then is withheld; the counts never reach a funder.
    expect(shaped.overall.stillInServices).toEqual({ 90: 0.6, 180: 0.4, 365: 0.3, 730: null });
    expect([shaped.overall.stillInServicesLow[730], shaped.overall.stillInServicesHigh[730], shaped.overall.stillInServicesHigh[365]]).toEqual([null, null, 0.35]);
    expect(shaped.overall).not.toHaveProperty('followedBeyond');
    expect(shaped.overall).toMatchObject({ n: 300, median: 120, medianLow: 100, medianHigh: 150, suppressed: false });
    expect(shapeForViewer('metric', structuredClone(body), leader, disclosure).overall.curve).toHaveLength(5);
    // A curve that ends with everyone gone (S = 0), or in a flat tail after its last exit, keeps its last point.
    const ends = (curve: { t: number; s: number; atRisk: number }[]) =>
      shapeForViewer('metric', structuredClone({ ...body, overall: { ...overall, curve } }), funder, disclosure).overall.curve.length;
    expect(ends([{ t: 0, s: 1, atRisk: 40 }, { t: 30, s: 0.5, atRisk: 40 }, { t: 60, s: 0, atRisk: 20 }])).toBe(3);
    expect(ends([{ t: 0, s: 1, atRisk: 40 }, { t: 30, s: 0.5, atRisk: 40 }, { t: 90, s: 0.5, atRisk: 20 }])).toBe(3);
    expect(ends([{ t: 0, s: 1, atRisk: 40 }, { t: 30, s: 0.5, atRisk: 40 }, { t: 60, s: 0.25, atRisk: 20 }])).toBe(2);
  });

  it('cuts the overall share and curve where a group\'s were cut, since the overall less the groups gives the rest', () => {
    const estimate = (n: number, beyond365: number, curve: { t: number; s: number; atRisk: number }[]) => ({
      n, events: n - 20, censored: 20, median: 100, medianLow: 90, medianHigh: 120, q25: 50, q75: 300,
      stillInServices: { 90: 0.8, 180: 0.6, 365: beyond365 / n, 730: null }, stillInServicesLow: { 90: 0.7, 180: 0.5, 365: 0.1, 730: null },
      stillInServicesHigh: { 90: 0.9, 180: 0.7, 365: 0.4, 730: null }, followedBeyond: { 90: 0.8 * n, 180: 0.6 * n, 365: beyond365, 730: 0 }, curve,
    });
    // Female: 8 followed beyond 365 days (withheld); the overall's 27 less male's 19 would give it back.
    const body = {
      metric: 'time-in-services', params: { by: 'gender' }, asOf: null, excluded: {},
      overall: estimate(120, 27, [{ t: 0, s: 1, atRisk: 120 }, { t: 100, s: 0.5, atRisk: 80 }, { t: 400, s: 0.2, atRisk: 30 }, { t: 500, s: 0.1, atRisk: 20 }]),
      groups: [
        { key: 'female', label: 'Female', ...estimate(50, 8, [{ t: 0, s: 1, atRisk: 50 }, { t: 100, s: 0.5, atRisk: 30 }, { t: 400, s: 0.2, atRisk: 9 }]) },
        { key: 'male', label: 'Male', ...estimate(70, 19, [{ t: 0, s: 1, atRisk: 70 }, { t: 100, s: 0.5, atRisk: 50 }, { t: 400, s: 0.2, atRisk: 21 }, { t: 500, s: 0.1, atRisk: 15 }]) },
      ],
    };
    const shaped = shapeForViewer('metric', structuredClone(body), funder, disclosure);
    // Male's share goes too: the ungrouped share (by=none, another request) less male's would give female's 8.
    expect(shaped.groups.map((g) => [g.key, g.stillInServices[365]])).toEqual([['female', null], ['male', null]]);
    expect([shaped.overall.stillInServices[365], shaped.overall.stillInServicesHigh[365], shaped.overall.stillInServices[90]]).toEqual([null, null, 0.8]);
    // Female's curve is cut after day 0 (only 9 remain on day 400, its next point): the overall stops there too.
    // Male's stops after day 100: from day 101 female's at-risk count lies between 9 and 30, and the ungrouped
    // curve less male's would tell it.
    expect(shaped.groups.map((g) => g.curve.map((p) => p.t))).toEqual([[0], [0, 100]]);
    expect(shaped.overall.curve.map((p) => p.t)).toEqual([0]);
    // A group withheld altogether: the overall has no curve and no share at all.
    const withheldGroup = shapeForViewer('metric', { ...structuredClone(body), groups: [...structuredClone(body.groups), { key: 'nonbinary', label: 'Nonbinary', ...estimate(25, 12, []), n: 5, events: 3, censored: 2 }] }, funder, disclosure);
    expect([withheldGroup.overall.curve, Object.values(withheldGroup.overall.stillInServices)]).toEqual([[], [null, null, null, null]]);
    expect(shapeForViewer('metric', structuredClone(body), leader, disclosure).overall.curve).toHaveLength(4);
  });

  it('ends the shown curves and shares where the withheld groups together could have 1 to 10 left (the ungrouped curve less the shown ones)', () => {
    const estimate = (n: number, events: number, beyond: [number, number], curve: { t: number; s: number; atRisk: number }[]) => ({
      n, events, censored: n - events, median: 100, medianLow: 90, medianHigh: 120, q25: 50, q75: 300,
      stillInServices: { 90: beyond[0] / n, 180: null, 365: beyond[1] / n, 730: null }, stillInServicesLow: { 90: 0.5, 180: null, 365: 0.1, 730: null },
      stillInServicesHigh: { 90: 0.9, 180: null, 365: 0.4, 730: null }, followedBeyond: { 90: beyond[0], 180: 0, 365: beyond[1], 730: 0 }, curve,
    });
    // Nonbinary (n 5) is withheld, and male (n 30; no one censored in either), the next smallest, with it. Female (n 200) is shown: on day
    // 300 the two withheld groups still have 20 + 3 = 23 in services, from day 301 at most 8 + 3 = 11 and at
    // least 8 + 0 (nonbinary's last point is day 300). Female's curve keeps its points before day 301 (of six).
    // Followed beyond 90 days: 25 + 4 = 29 withheld, female's share shown; beyond 365 days: 6 + 2 = 8, withheld.
    const body = {
      metric: 'time-in-services', params: { by: 'gender' }, asOf: null, excluded: {},
      overall: estimate(235, 205, [229, 148], [{ t: 0, s: 1, atRisk: 235 }, { t: 100, s: 0.8, atRisk: 200 }, { t: 300, s: 0.6, atRisk: 150 }, { t: 500, s: 0.3, atRisk: 60 }]),
      groups: [
        { key: 'female', label: 'Female', ...estimate(200, 170, [200, 140], [{ t: 0, s: 1, atRisk: 200 }, { t: 100, s: 0.8, atRisk: 170 }, { t: 300, s: 0.6, atRisk: 127 }, { t: 400, s: 0.5, atRisk: 100 }, { t: 500, s: 0.3, atRisk: 52 }, { t: 600, s: 0.3, atRisk: 20 }]) },
        { key: 'male', label: 'Male', ...estimate(30, 30, [25, 6], [{ t: 0, s: 1, atRisk: 30 }, { t: 100, s: 0.8, atRisk: 25 }, { t: 300, s: 0.6, atRisk: 20 }, { t: 500, s: 0.3, atRisk: 8 }]) },
        { key: 'nonbinary', label: 'Nonbinary', ...estimate(5, 5, [4, 2], [{ t: 0, s: 1, atRisk: 5 }, { t: 100, s: 0.8, atRisk: 4 }, { t: 300, s: 0.6, atRisk: 3 }]) },
      ],
    };
    const shaped = shapeForViewer('metric', structuredClone(body), funder, disclosure);
    expect(shaped.groups.map((g) => [g.key, (g as { suppressed?: boolean }).suppressed])).toEqual([['female', false], ['male', true], ['nonbinary', true]]);
    expect(shaped.groups[0].curve.map((p) => p.t)).toEqual([0, 100, 300]);
    expect([shaped.groups[0].stillInServices[90], shaped.groups[0].stillInServices[365]]).toEqual([1, null]);
    // With male twice as large (16 or more left up to day 500, its last), female keeps its whole curve.
    const larger = structuredClone(body);
    larger.groups[1] = { key: 'male', label: 'Male', ...estimate(60, 60, [50, 20], [{ t: 0, s: 1, atRisk: 60 }, { t: 100, s: 0.8, atRisk: 50 }, { t: 300, s: 0.6, atRisk: 40 }, { t: 500, s: 0.3, atRisk: 16 }]) };
    const kept = shapeForViewer('metric', larger, funder, disclosure);
    expect(kept.groups.map((g) => (g as { suppressed?: boolean }).suppressed)).toEqual([false, true, true]);
    expect([kept.groups[0].curve.map((p) => p.t), kept.groups[0].stillInServices[365]]).toEqual([[0, 100, 300, 400, 500, 600], 0.7]);
  });

  it('withholds a survival group with few exits, its median and its curve', () => {
    const survival = (n: number, events: number) => ({
      n, events, censored: n - events, median: 100, medianLow: 80, medianHigh: 130, q25: 50, q75: 200,
      stillInServices: { 90: 0.6, 180: 0.4, 365: 0.1, 730: null }, curve: [{ t: 0, s: 1 }, { t: 100, s: 0.5 }],
    });
    const body = {
      metric: 'time-in-services', params: { by: 'gender' }, asOf: '2025-06-30',
      overall: survival(300, 250),
      groups: [
        { key: 'female', label: 'Female', ...survival(150, 140) },
        { key: 'male', label: 'Male', ...survival(140, 105) },
        { key: 'nonbinary', label: 'Nonbinary', ...survival(10, 5) },
      ],
      excluded: { shortStay: 12 },
    };
    const shaped = shapeForViewer('metric', body, funder, disclosure);
    // nonbinary n=10 → withheld; female (140 events, 10 censored) has a small censored count → withheld too.
    expect(shaped.groups[2]).toMatchObject({ n: null, events: null, censored: null, median: null, medianLow: null, medianHigh: null, curve: [], suppressed: true, stillInServices: { 90: null, 180: null, 365: null, 730: null } });
    expect((shaped.groups[0] as { suppressed?: boolean }).suppressed).toBe(true);
    expect(shaped.groups[1]).toMatchObject({ n: 140, median: 100, medianLow: 80, medianHigh: 130, suppressed: false });
  });
});

describe('funder workforce', () => {
  const figures = (o: { start: number; end: number; separations: number; hires: number; months?: number[] }) => ({
    headcount: { start: o.start, end: o.end, average: (o.start + o.end) / 2 }, separations: { all: o.separations, voluntary: 0 },
    turnover: { all: 0.3, allLow: 0.2, allHigh: 0.4, voluntary: 0, voluntaryLow: 0, voluntaryHigh: 0.1 },
    retention12m: null, continuity: null,
    tenure: { n: o.hires, events: 0, censored: o.hires, median: null, q25: null, q75: null, stillInServices: {}, followedBeyond: {}, curve: [] },
    caseload: (o.months ?? []).map((facilitators, i) => ({ month: `2023-0${i + 1}-01`, facilitators, openEpisodes: 100, perFacilitator: 100 / facilitators })),
  });

  it('withholds the headcounts when the hires (tenure n of the period cohort) are, and every month when one is', () => {
    // 30 on from, 22 on to, 12 separations: 4 hired, which tenure withholds; end - start + separations would give them back.
    const hires = shapeForViewer('workforce', { metric: 'workforce', params: { cohort: 'period' }, asOf: null, groups: [], ...figures({ start: 30, end: 22, separations: 12, hires: 4 }) }, funder, disclosure);
    expect([hires.headcount, hires.separations.all, (hires.tenure as { suppressed?: boolean }).suppressed]).toEqual([{ start: null, end: null, average: null }, 12, true]);
    // With every hire since the start (cohort=all) tenure's n is not the period's hires, but 22 - 30 + 12 still
    // gives them: the headcounts go; with 12 hires (22 - 30 + 20 separations) they stay.
    const all = shapeForViewer('workforce', { metric: 'workforce', params: { cohort: 'all' }, asOf: null, groups: [], ...figures({ start: 30, end: 22, separations: 12, hires: 40 }) }, funder, disclosure);
    expect(all.headcount).toEqual({ start: null, end: null, average: null });
    const manyHires = shapeForViewer('workforce', { metric: 'workforce', params: { cohort: 'all' }, asOf: null, groups: [], ...figures({ start: 30, end: 22, separations: 20, hires: 40 }) }, funder, disclosure);
    expect(manyHires.headcount).toEqual({ start: 30, end: 22, average: 26 });
    // A month of 9 facilitators among months of 12: 12 x the average less the other months would give it back.
    const months = shapeForViewer('workforce', { metric: 'workforce', params: {}, asOf: null, groups: [], ...figures({ start: 12, end: 12, separations: 0, hires: 0, months: [12, 9, 12] }) }, funder, disclosure);
    expect(months.caseload.map((m) => [m.facilitators, m.openEpisodes, m.perFacilitator])).toEqual([[null, 100, null], [null, 100, null], [null, 100, null]]);
  });

  it('withholds the voluntary separations when the others (all less voluntary) are from 1 to 10', () => {
    const body = (all: number, voluntary: number) => ({
      metric: 'workforce', params: { cohort: 'all' }, asOf: null, groups: [],
      ...figures({ start: 60, end: 60, separations: all, hires: 40 }), separations: { all, voluntary },
    });
    // 14 left, 12 of them voluntarily: 2 did not, so the 12 (and voluntary turnover, 12 over the average) go.
    const shaped = shapeForViewer('workforce', body(14, 12), funder, disclosure);
    expect(shaped.separations).toEqual({ all: 14, voluntary: null });
    expect(shaped.turnover).toEqual({ all: 0.3, allLow: 0.2, allHigh: 0.4, voluntary: null, voluntaryLow: null, voluntaryHigh: null });
    // 25 left, 12 voluntarily (13 not), or all 14 voluntarily (0 not; zero is shown): shown.
    expect(shapeForViewer('workforce', body(25, 12), funder, disclosure).separations).toEqual({ all: 25, voluntary: 12 });
    expect(shapeForViewer('workforce', body(14, 14), funder, disclosure).separations).toEqual({ all: 14, voluntary: 14 });
  });

  it("withholds every trend quarter's first- and last-day headcounts where one quarter's are withheld (they chain)", () => {
    const quarter = (period: string, o: Parameters<typeof figures>[0]) => ({ period, from: '', to: '', ...figures(o) });
    const body = {
      metric: 'workforce', params: {}, asOf: null,
      periods: [quarter('Q2', { start: 31, end: 33, separations: 12, hires: 14 }), quarter('Q3', { start: 33, end: 30, separations: 3, hires: 0 }), quarter('Q4', { start: 30, end: 28, separations: 13, hires: 11 })],
    };
    const shaped = shapeForViewer('trend', body, funder, disclosure);
    // Q3's 3 separations are withheld with its headcounts; Q2's end (33, or its start plus hires less separations)
    // and Q4's start (30, or its end less hires plus separations) would give them back: every start and end goes.
    expect(shaped.periods.map((q) => [q.headcount.start, q.headcount.end])).toEqual([[null, null], [null, null], [null, null]]);
    // So do the averages (a quarter without changes has its ends as its average) and the turnover that gives them back.
    expect(shaped.periods.map((q) => [q.headcount.average, q.turnover.all])).toEqual([[null, null], [null, null], [null, null]]);
    expect(shaped.periods.map((q) => q.separations.all)).toEqual([12, null, 13]);
  });

  it('withholds small separations, and the 12-month retention that would give them back', () => {
    const body = (retained: number, separations = 2) => ({
      metric: 'workforce', params: {}, asOf: '2025-06-30',
      headcount: { start: 15, end: 14, average: 14.5 }, separations: { all: separations, voluntary: 0 },
      turnover: { all: 0.14, allLow: 0.017, allHigh: 0.5, voluntary: 0, voluntaryLow: 0, voluntaryHigh: 0.25 },
      retention12m: p(15, retained), tenure: { n: 40, events: 12, censored: 28, median: null, q25: 300, q75: null, stillInServices: {}, curve: [] },
      continuity: null, caseload: [{ month: '2024-01-01', facilitators: 15, openEpisodes: 60, perFacilitator: 4 }, { month: '2024-02-01', facilitators: 14, openEpisodes: 58, perFacilitator: 58 / 14 }], groups: [],
    });
    // 15 employed on `from`, 13 still there a year on: 2 left, as small as the 2 separations.
    const shaped = shapeForViewer('workforce', body(13), funder, disclosure);
    expect(shaped.separations).toEqual({ all: null, voluntary: 0 });
    // With no one hired (tenure's n), 15 on `from` less 14 on `to` (or month by month) would give them back.
    expect(shaped.headcount).toEqual({ start: null, end: null, average: null });
    expect(shaped.caseload).toEqual([
      { month: '2024-01-01', facilitators: null, openEpisodes: 60, perFacilitator: null },
      { month: '2024-02-01', facilitators: null, openEpisodes: 58, perFacilitator: null },
    ]);
    // The interval of 2 separations would give them back too; and voluntary turnover (its interval's upper limit
    // from 0 separations is 3.689 / staff-years) would give the average headcount back.
    expect(shaped.turnover).toEqual({ all: null, allLow: null, allHigh: null, voluntary: null, voluntaryLow: null, voluntaryHigh: null });
    expect(shaped.retention12m).toMatchObject({ n: null, events: null, rate: null, suppressed: true });
    // With 12 separations shown: 11 of 15 stayed, so the 4 who left are withheld.
    expect(shapeForViewer('workforce', body(11, 12), funder, disclosure).retention12m).toMatchObject({ suppressed: true });
    // None left (zero is shown), or 15 stayed of 26 (11 left): shown.
    expect(shapeForViewer('workforce', body(15, 12), funder, disclosure).retention12m).toMatchObject({ n: 15, events: 15, suppressed: false });
    expect(shapeForViewer('workforce', { ...body(15, 12), retention12m: p(26, 15) }, funder, disclosure).retention12m).toMatchObject({ n: 26, suppressed: false });
    // A small headcount on `from` (9) is withheld, and so is the one on `to`: one would come from the other, the
    // hires and the separations. The 12-month retention's n is that headcount: withheld with it.
    const small = shapeForViewer('workforce', { ...body(9, 12), headcount: { start: 9, end: 20, average: 14 }, retention12m: p(9, 9) }, funder, disclosure);
    expect([small.headcount, small.retention12m.suppressed]).toEqual([{ start: null, end: null, average: null }, true]);
  });
});

describe('funder equity', () => {
  const group = (key: string, label: string, n: number, events: number) => ({
    key, label, ...p(n, events), ratio: 1.5, ratioLow: 1.1, ratioHigh: 2, diff: 0.1, diffLow: 0.05, diffHigh: 0.15, gap: true, direction: 'worse',
  });

  it('withholds comparisons of suppressed groups and drops their statements', () => {
    const body = {
      metric: 'reentry', dimension: 'race_ethnicity', reference: 'white', params: {}, asOf: '2025-06-30', shareKnown: 0.97,
      groups: [group('asian', 'Asian', 8, 2), group('black', 'Black', 120, 40), group('unknown', 'Unknown', 12, 0), group('white', 'White', 300, 60)],
      statements: ['Black clients re-entered services 1.7 times as often as White clients (95% CI 1.2 to 2.3).', 'Asian clients re-entered services 1.3 times as often as White clients (95% CI 0.5 to 3.1).'],
    };
    const shaped = shapeForViewer('equity', body, funder, disclosure);
    // asian (8/2) small; next smallest is unknown (12/0): hidden, and with it the share known. Those two still add up
    // to 2 events, and the known groups' total (the share known, or a comparison with the rest) less black and white
    // would give asian's 8/2 back: black (the next smallest known group) goes too.
    expect(shaped.groups.map((g) => [g.key, g.suppressed, g.ratio])).toEqual([
      ['asian', true, null], ['black', true, null], ['unknown', true, null], ['white', false, 1.5],
    ]);
    expect(shaped.statements).toEqual([]);
    expect(shaped.shareKnown).toBeNull();
  });

  it('never lets the rest of the known groups give a hidden group back', () => {
    // Against "rest", female's reference is every other known group. With only nonbinary (9/1) hidden among the
    // known ones, female's rest (male + nonbinary) less male is nonbinary. Unknown (60/15, the next smallest group
    // overall) hides nonbinary in the total; female (398, the next smallest known group) hides it among the known.
    const body = {
      metric: 'reentry', dimension: 'gender', reference: 'rest', params: {}, asOf: null, shareKnown: 0.93,
      groups: [group('female', 'Female', 398, 63), group('male', 'Male', 420, 76), group('nonbinary', 'Nonbinary', 9, 1), group('unknown', 'Unknown', 60, 15)],
      statements: [],
    };
    const shaped = shapeForViewer('equity', body, funder, disclosure);
    expect(shaped.groups.map((g) => [g.key, g.suppressed])).toEqual([['female', true], ['male', false], ['nonbinary', true], ['unknown', true]]);
    expect(shaped.groups[1]).toMatchObject({ n: 420, events: 76, ratio: 1.5 });
    // Suppressed cells do not say whether they hold fewer than 20 cases.
    expect(shaped.groups[2].unstable).toBeNull();
  });

  it('withholds every ratio when the reference group is suppressed', () => {
    const body = {
      metric: 'reentry', dimension: 'race_ethnicity', reference: 'white', params: {}, asOf: null, shareKnown: 1,
      groups: [group('black', 'Black', 120, 40), group('hispanic_latino', 'Hispanic', 50, 10), group('white', 'White', 9, 1)],
      statements: ['Black clients re-entered services 1.7 times as often as White clients.'],
    };
    const shaped = shapeForViewer('equity', body, funder, disclosure);
    expect(shaped.groups.map((g) => g.ratio)).toEqual([null, null, null]);
    expect(shaped.statements).toEqual([]);
  });

  it('withholds a time-in-services difference at 365 days where either share still in services is withheld', () => {
    // 40 and 30 episodes, none censored; 3 of the second group were followed beyond 365 days: its share (0.1) is
    // withheld, and so is its diff against the first (0.1 - 0.25), which would give the 0.1, so 3, back. The
    // ungrouped share (another request) less the shown ones would too: nonbinary's share, the next smallest, goes.
    const survival = (key: string, n: number, beyond365: number) => ({
      key, label: key, n, events: n, censored: 0, median: 100, medianLow: 80, medianHigh: 120, q25: 50, q75: 300,
      stillInServices: { 90: 0.6, 180: 0.5, 365: beyond365 / n, 730: 0 }, followedBeyond: { 90: 24, 180: 20, 365: beyond365, 730: 0 },
      curve: [{ t: 0, s: 1, atRisk: n }], ratio: 1, ratioLow: null, ratioHigh: null, diff: 0.1, diffLow: null, diffHigh: null,
      gap: false, direction: null, stays: null, logRankP: 0.5,
    });
    const body = (reference: string) => ({
      metric: 'time-in-services', dimension: 'gender', reference, params: {}, asOf: null, shareKnown: 1,
      groups: [survival('female', 40, 12), survival('male', 30, 3), survival('nonbinary', 20, 11)], statements: [],
    });
    const shaped = shapeForViewer('equity', body('female'), funder, disclosure);
    expect(shaped.groups.map((g) => [g.key, g.stillInServices[365], g.diff])).toEqual([['female', 0.3, 0.1], ['male', null, null], ['nonbinary', null, null]]);
    // Against male, or against the rest (which pools male in), every difference goes.
    expect(shapeForViewer('equity', body('male'), funder, disclosure).groups.map((g) => g.diff)).toEqual([null, null, null]);
    expect(shapeForViewer('equity', body('rest'), funder, disclosure).groups.map((g) => g.diff)).toEqual([null, null, null]);
    expect(shapeForViewer('equity', body('male'), leader, disclosure).groups.map((g) => g.diff)).toEqual([0.1, 0.1, 0.1]);
  });
});

describe('facilitators', () => {
  const point = (staffId: string, name: string, supervisorId: string, n: number, events: number) => ({
    staffId, name, supervisorId, ...p(n, events), shrunk: 0.2, shrunkLow: 0.1, shrunkHigh: 0.3, reliability: 0.5, expected: 4.2,
    oe: 1, oeLow: 0.5, oeHigh: 2, adjustedRate: 0.2, adjustedLow: 0.1, adjustedHigh: 0.4, limits: { lower95: 0.1, upper95: 0.3, lower998: 0.05, upper998: 0.4 }, flag: null,
  });
  const body = {
    metric: 'reentry', params: { by: 'none' }, asOf: '2025-06-30', overall: p(195, 45), funnel: { phi: 1.2, tau2: 0.001 }, prior: { a: 2, b: 8 }, spread: { p10: 0.1, p90: 0.3, sd: 0.05 },
    facilitators: [
      point('F1', 'Ada Lovelace', 'S1', 40, 12),
      point('F2', 'Bo Diddley', 'S1', 6, 1),
      point('F3', 'Cy Twombly', 'S2', 90, 20),
      point('F4', 'Di Fossey', 'S2', 59, 12),
    ],
  };

  it('gives funders an unnamed distribution without small cells, in an order that does not follow the names', () => {
    const shaped = shapeForViewer('facilitators', body, funder, disclosure);
    expect(JSON.stringify(shaped)).not.toMatch(/Ada|Bo Diddley|Cy|Di Fossey|"F\d"|"S\d"/);
    // F2 (n=6) is small; the next smallest, F1 (n=40), is withheld too, and neither is sent (their number is a
    // count of facilitators); the rest sorted by n: 59, 90. (The API asks the metric to leave small cells out
    // of a funder's comparison, metricVariant; this is the last line of that rule.)
    expect(shaped.facilitators.map((f) => [f.n, f.suppressed, f.reliability, f.limits, f.adjustedLow, f.adjustedHigh])).toEqual([
      [59, false, 0.5, body.facilitators[3].limits, 0.1, 0.4],
      [90, false, 0.5, body.facilitators[2].limits, 0.1, 0.4],
    ]);
  });

  it('names a supervisor’s own team only', () => {
    const shaped = shapeForViewer('facilitators', body, supervisor, disclosure);
    expect(shaped.facilitators.map((f) => [f.staffId, f.name, f.n])).toEqual([
      ['F1', 'Ada Lovelace', 40], ['F2', 'Bo Diddley', 6], [null, null, 59], [null, null, 90],
    ]);
  });

  it('gives leaders everything', () => {
    expect(shapeForViewer('facilitators', body, leader, disclosure)).toEqual(body);
    expect(shapeForViewer('facilitators', body, supervisor, disclosure)).not.toBe(body);
  });

  describe('with groups (by a client dimension: the heat map)', () => {
    const cell = (key: string, n: number, events: number) => ({ key, label: key.toUpperCase(), ...p(n, events) });
    const grouped = {
      ...body,
      params: { by: 'race_ethnicity' },
      facilitators: body.facilitators.map((f) => ({ ...f, groups: [cell('black', f.n - 1, 1), cell('white', 1, f.events - 1)] })),
    };

    it('keeps a supervisor’s own team’s cells and removes them from every unnamed row', () => {
      const shaped = shapeForViewer('facilitators', grouped, supervisor, disclosure);
      expect(shaped.facilitators.map((f) => [f.staffId, 'groups' in f ? f.groups.length : 'no groups'])).toEqual([
        ['F1', 2], ['F2', 2], [null, 'no groups'], [null, 'no groups'],
      ]);
      expect(shaped.facilitators[0].groups).toEqual(grouped.facilitators[0].groups);
      // The input is not changed (the cache keeps it for other viewers).
      expect(grouped.facilitators[2].groups).toHaveLength(2);
    });

    it('gives leaders every cell, and never lets a cell reach a funder', () => {
      expect(shapeForViewer('facilitators', grouped, leader, disclosure)).toBe(grouped);
      const shaped = shapeForViewer('facilitators', grouped, funder, disclosure);
      expect(shaped.facilitators.every((f) => !('groups' in f))).toBe(true);
    });
  });

  it('unnames other teams in by=facilitator and by=supervisor groups for a supervisor', () => {
    const m = metricBody([
      { key: 'F3', label: 'Cy Twombly', n: 90, events: 20 },
      { key: 'F1', label: 'Ada Lovelace', n: 40, events: 8 },
    ]);
    m.params.by = 'facilitator';
    const shaped = shapeForViewer('metric', m, supervisor, disclosure);
    expect(shaped.groups.map((g) => [g.key, g.label])).toEqual([['F1', 'Ada Lovelace'], [null, null]]);
  });

  it('does not name another team’s facilitator as the default equity reference', () => {
    const equity = (reference: string, referenceLabel: string) => ({
      metric: 'reentry', dimension: 'facilitator', reference, referenceLabel, params: {}, asOf: null, shareKnown: 1, statements: ['x'],
      groups: [{ key: 'F3', label: 'Cy Twombly', ...p(90, 20), isReference: reference === 'F3' }, { key: 'F1', label: 'Ada Lovelace', ...p(40, 8), isReference: reference === 'F1' }],
    });
    // F3, the largest, is the default reference and not on the team.
    expect(shapeForViewer('equity', equity('F3', 'Cy Twombly'), supervisor, disclosure)).toMatchObject({ reference: null, referenceLabel: null, statements: [] });
    expect(shapeForViewer('equity', equity('F1', 'Ada Lovelace'), supervisor, disclosure)).toMatchObject({ reference: 'F1', referenceLabel: 'Ada Lovelace' });
    expect(shapeForViewer('equity', equity('rest', 'All other known groups'), supervisor, disclosure)).toMatchObject({ reference: 'rest' });
    expect(shapeForViewer('equity', equity('F3', 'Cy Twombly'), leader, disclosure)).toMatchObject({ reference: 'F3', referenceLabel: 'Cy Twombly' });
  });
});

describe('access checks', () => {
  it('refuses funders staff groupings, facilitator detail and workforce groups; supervisors other teams', () => {
    expect(() => assertMayRequest(funder, 'metric', { by: 'facilitator' }, disclosure)).toThrow(/Funders/);
    expect(() => assertMayRequest(funder, 'metric', { by: 'supervisor' }, disclosure)).toThrow(/Funders/);
    expect(() => assertMayRequest(funder, 'equity', { dimension: 'facilitator' }, disclosure)).toThrow(/Funders/);
    expect(() => assertMayRequest(funder, 'workforce', { by: 'certified' }, disclosure)).toThrow(/agency level/);
    expect(() => assertMayRequest(funder, 'facilitatorDetail', {}, disclosure, 'F1')).toThrow();
    expect(() => assertMayRequest(funder, 'metric', { by: 'race_ethnicity' }, disclosure)).not.toThrow();
    // A facilitator's cases by group are not an aggregate: refused, with a message that says why.
    expect(() => assertMayRequest(funder, 'facilitators', { by: 'race_ethnicity' }, disclosure)).toThrow(/Funders may not split facilitators by race_ethnicity/);
    expect(() => assertMayRequest(funder, 'facilitators', { by: 'none' }, disclosure)).not.toThrow();
    expect(() => assertMayRequest(funder, 'facilitators', {}, disclosure)).not.toThrow();
    expect(() => assertMayRequest(supervisor, 'facilitators', { by: 'gender' }, disclosure)).not.toThrow();
    expect(() => assertMayRequest(supervisor, 'facilitatorDetail', {}, disclosure, 'F1')).not.toThrow();
    expect(() => assertMayRequest(supervisor, 'facilitatorDetail', {}, disclosure, 'F3')).toThrow(/own team/);
    expect(() => assertMayRequest(leader, 'facilitatorDetail', {}, disclosure, 'F3')).not.toThrow();
    // An equity reference is named with its figures: a supervisor may pick their own team or the rest.
    expect(() => assertMayRequest(supervisor, 'equity', { dimension: 'facilitator', reference: 'F3' }, disclosure)).toThrow(/own team/);
    expect(() => assertMayRequest(supervisor, 'equity', { dimension: 'supervisor', reference: 'S9' }, disclosure)).toThrow(/own team/);
    expect(() => assertMayRequest(supervisor, 'equity', { dimension: 'facilitator', reference: 'F1' }, disclosure)).not.toThrow();
    expect(() => assertMayRequest(supervisor, 'equity', { dimension: 'facilitator', reference: 'Rest' }, disclosure)).not.toThrow();
    expect(() => assertMayRequest(supervisor, 'equity', { dimension: 'gender', reference: 'female' }, disclosure)).not.toThrow();
    expect(() => assertMayRequest(leader, 'equity', { dimension: 'facilitator', reference: 'F3' }, disclosure)).not.toThrow();
  });

  it('fails closed when a small count slips through', () => {
    expect(() => assertNoSmallCounts({ groups: [{ n: 12, events: 3 }] }, 11)).toThrow();
    expect(() => assertNoSmallCounts({ headcount: { start: 4 } }, 11)).toThrow();
    expect(() => assertNoSmallCounts({ params: { minStay: 8 }, groups: [{ n: 0, events: 0, rate: 0.5 }] }, 11)).not.toThrow();
  });
});

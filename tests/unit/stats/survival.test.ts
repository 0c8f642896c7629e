import { describe, expect, it } from 'vitest';
import { kaplanMeier, survivalAt, toSurvivalEstimate, type LifeTableRow } from '../../../metrics/stats/kaplanMeier.ts';
import { logRank } from '../../../metrics/stats/logRank.ts';

/** One life-table row per subject: [days, exited?]. */
const lifeTable = (subjects: [number, boolean][]): LifeTableRow[] =>
  subjects.map(([t, exited]) => ({ t, events: exited ? 1 : 0, censored: exited ? 0 : 1 }));

// Acute myelogenous leukaemia trial (Embury et al. 1977; Miller 1981; R survival::aml). "+" = censored.
// Maintained: 9, 13, 13+, 18, 23, 28+, 31, 34, 45+, 48, 161+.
const maintained = lifeTable([[9, true], [13, true], [13, false], [18, true], [23, true], [28, false], [31, true], [34, true], [45, false], [48, true], [161, false]]);
// Nonmaintained: 5, 5, 8, 8, 12, 16+, 23, 27, 30, 33, 43, 45.
const nonmaintained = lifeTable([[5, true], [5, true], [8, true], [8, true], [12, true], [16, false], [23, true], [27, true], [30, true], [33, true], [43, true], [45, true]]);

const round = (x: number | null, digits: number) => (x === null ? null : Math.round(x * 10 ** digits) / 10 ** digits);

describe('kaplanMeier on the aml maintained group', () => {
  const km = kaplanMeier(maintained);
  const events = km.steps.filter((s) => s.events > 0);

  it('has R summary(survfit(Surv(time, status) ~ x, aml))’s at-risk counts and survival', () => {
    // R prints for x=Maintained: time 9 13 18 23 31 34 48; n.risk 11 10 8 7 5 4 2;
    // survival 0.909 0.818 0.716 0.614 0.491 0.368 0.184.
    // By hand: 10/11 = .909; ×9/10 = .818; ×7/8 = .716; ×6/7 = .614; ×4/5 = .491; ×3/4 = .368; ×1/2 = .184.
    expect(events.map((s) => s.t)).toEqual([9, 13, 18, 23, 31, 34, 48]);
    expect(events.map((s) => s.atRisk)).toEqual([11, 10, 8, 7, 5, 4, 2]);
    expect(events.map((s) => round(s.s, 3))).toEqual([0.909, 0.818, 0.716, 0.614, 0.491, 0.368, 0.184]);
  });

  it('has R’s Greenwood standard errors and log-type 95% limits', () => {
    // R std.err: 0.0867 0.1163 0.1397 0.1526 0.1642 0.1627 0.1535
    // (by hand at t = 9: 0.90909 × √(1/(11×10)) = 0.90909 × 0.095346 = 0.0867;
    //  at t = 48: 0.18409 × √(1/110 + 1/90 + 1/56 + 1/42 + 1/20 + 1/12 + 1/2) = 0.18409 × 0.83381 = 0.1535).
    expect(events.map((s) => round(s.se, 4))).toEqual([0.0867, 0.1163, 0.1397, 0.1526, 0.1642, 0.1627, 0.1535]);
    // R lower 95% CI: 0.7541 0.6192 0.4884 0.3769 0.2549 0.1549 0.0359; upper: 1.000 1.000 1.000 0.999 0.946 0.875 0.944.
    // By hand, conf.type "log": at t = 9, 0.90909 × exp(-1.959964 × 0.095346) = 0.90909 × 0.829547 = 0.7541 (upper 1.0959, capped at 1);
    // at t = 48, 0.18409 × exp(∓1.959964 × 0.833788) = 0.18409 × exp(∓1.634194) = 0.0359 and 0.9435.
    expect(events.map((s) => round(s.low, 4))).toEqual([0.7541, 0.6192, 0.4884, 0.3769, 0.2549, 0.1549, 0.0359]);
    expect(events.map((s) => round(s.high, 3))).toEqual([1, 1, 1, 0.999, 0.946, 0.875, 0.944]);
  });

  it('has R’s median and counts', () => {
    // R print: x=Maintained n 11, events 7, median 31. By hand: S(23) = 0.614 > 0.5, S(31) = 0.491 <= 0.5.
    expect([km.n, km.events, km.censored, km.median]).toEqual([11, 7, 4, 31]);
    // Quartiles: q25 = first t with S <= 0.75 → 18 (0.716); q75 = first t with S <= 0.25 → 48 (0.184).
    expect([km.q25, km.q75]).toEqual([18, 48]);
  });

  it('has R’s 95% interval of the median: print(survfit(Surv(time, status) ~ x, aml)) and ~ 1', () => {
    // R prints 0.95LCL and 0.95UCL: Maintained 18 and NA, Nonmaintained 8 and NA; both groups together
    // (n 23, events 18, median 27) 18 and 45. By hand: the lower limit is first <= 0.5 at t = 18 (0.4884, above);
    // the upper limit never is (its least value is 0.875), so the interval is open-ended.
    expect([km.median, km.medianLow, km.medianHigh]).toEqual([31, 18, null]);
    // Nonmaintained: lower limits 0.647, 0.447 at t = 5, 8 (so 8); upper limits stay >= 0.620 until S = 0 at 45, where they are undefined.
    const other = kaplanMeier(nonmaintained);
    expect([other.median, other.medianLow, other.medianHigh]).toEqual([23, 8, null]);
    const both = kaplanMeier([...maintained, ...nonmaintained]);
    expect([both.n, both.events, both.median, both.medianLow, both.medianHigh]).toEqual([23, 18, 27, 18, 45]);
    expect(toSurvivalEstimate(both)).toMatchObject({ median: 27, medianLow: 18, medianHigh: 45 });
  });

  it('reads S at a day, null beyond the longest follow-up (161 days)', () => {
    // S(30) = S(23) = 0.614; S(0) = 1 (nobody exits before day 9); S(161) = S(48) = 0.184; day 162: nobody was followed that long.
    expect(round(survivalAt(km, 30), 3)).toBe(0.614);
    expect(survivalAt(km, 0)).toBe(1);
    expect(round(survivalAt(km, 161), 3)).toBe(0.184);
    expect(survivalAt(km, 162)).toBeNull();
  });
});

describe('kaplanMeier rules', () => {
  it('sums duplicate days in any order and counts a subject censored at t as at risk at t', () => {
    // 4 subjects: exits at 10 and 10, one censored at 10, one exit at 20 (rows given shuffled and split).
    // At 10: 4 at risk, 2 exits → S = 2/4 = 0.5. At 20: 1 at risk (the censored one left at 10), 1 exit → S = 0.
    const km = kaplanMeier([
      { t: 20, events: 1, censored: 0 },
      { t: 10, events: 1, censored: 0 },
      { t: 10, events: 1, censored: 1 },
    ]);
    expect(km.steps.map((s) => [s.t, s.atRisk, s.events, s.censored, s.s])).toEqual([[10, 4, 2, 1, 0.5], [20, 1, 1, 0, 0]]);
    // S reaches exactly 0.5 at day 10: the median is the start of the flat stretch (R would say 15, the midpoint).
    expect(km.median).toBe(10);
    // Once S = 0 the Greenwood variance is undefined (R prints NaN / NA): se and limits are null.
    expect([km.steps[1].se, km.steps[1].low, km.steps[1].high]).toEqual([null, null, null]);
  });

  it('reports quantiles as not reached when S stays above them', () => {
    // 10 subjects, one exit at day 5, nine censored at 100: S = 0.9 throughout.
    const km = kaplanMeier([{ t: 5, events: 1, censored: 0 }, { t: 100, events: 0, censored: 9 }]);
    expect([km.q25, km.median, km.q75]).toEqual([null, null, null]);
  });

  it('refuses fractional days, negative days and negative counts', () => {
    expect(() => kaplanMeier([{ t: 1.5, events: 1, censored: 0 }])).toThrow(/whole number of days/);
    expect(() => kaplanMeier([{ t: -1, events: 1, censored: 0 }])).toThrow(RangeError);
    expect(() => kaplanMeier([{ t: 3, events: -1, censored: 0 }])).toThrow(RangeError);
  });

  it('gives an empty estimate for an empty table', () => {
    const km = kaplanMeier([]);
    expect([km.n, km.median, survivalAt(km, 0)]).toEqual([0, null, null]);
    expect(toSurvivalEstimate(km).curve).toEqual([]);
  });
});

describe('toSurvivalEstimate', () => {
  it('starts the curve at (0, 1), adds one point per event time and the censored tail', () => {
    const estimate = toSurvivalEstimate(kaplanMeier(maintained));
    // Points: 0, the 7 event times, and 161 (last follow-up, censored) so the flat tail can be drawn.
    expect(estimate.curve.map((p) => p.t)).toEqual([0, 9, 13, 18, 23, 31, 34, 48, 161]);
    expect(estimate.curve[0]).toEqual({ t: 0, s: 1, low: 1, high: 1, atRisk: 11 });
    // R's n.risk at each point: 11 10 8 7 5 4 2 after the start, and 1 at the censored tail (161).
    expect(estimate.curve.map((p) => p.atRisk)).toEqual([11, 11, 10, 8, 7, 5, 4, 2, 1]);
    expect(round(estimate.curve[7].s, 3)).toBe(0.184);
    expect(round(estimate.curve[7].low!, 4)).toBe(0.0359);
    // Still in services: at 90 days S = 0.184 (followed to 161); 180, 365, 730: nobody followed that long.
    expect(round(estimate.stillInServices['90'], 3)).toBe(0.184);
    expect([estimate.stillInServices['180'], estimate.stillInServices['365'], estimate.stillInServices['730']]).toEqual([null, null, null]);
    // R summary(fit, times = 90): survival 0.184, lower 95% CI 0.0359, upper 0.944 (the last exit's, at 48 days);
    // nobody was followed to 180 days, so no share and no interval there.
    expect([round(estimate.stillInServicesLow['90'], 4), round(estimate.stillInServicesHigh['90'], 3)]).toEqual([0.0359, 0.944]);
    expect([estimate.stillInServicesLow['180'], estimate.stillInServicesHigh['180']]).toEqual([null, null]);
    // Followed beyond 90 days: only the subject censored at 161; nobody beyond 180.
    expect(estimate.followedBeyond).toEqual({ '90': 1, '180': 0, '365': 0, '730': 0 });
    expect([estimate.n, estimate.events, estimate.censored, estimate.median, estimate.q25, estimate.q75]).toEqual([11, 7, 4, 31, 18, 48]);
  });

  it('starts below 1 when episodes end on day 0', () => {
    // 4 subjects, one exit on day 0: S(0) = 3/4, so the curve begins at (0, 0.75), not (0, 1).
    const estimate = toSurvivalEstimate(kaplanMeier([{ t: 0, events: 1, censored: 0 }, { t: 7, events: 3, censored: 0 }]));
    expect(estimate.curve.map((p) => [p.t, p.s])).toEqual([[0, 0.75], [7, 0]]);
  });
});

describe('logRank', () => {
  it('matches R survdiff(Surv(time, status) ~ x, aml): chisq 3.4 on 1 df, p 0.0653', () => {
    // R: Observed 7 and 11, Expected 10.69 and 7.31, Chisq = 3.4 on 1 df, p = 0.0653.
    const test = logRank([maintained, nonmaintained])!;
    expect(test.observed).toEqual([7, 11]);
    expect(test.expected.map((e) => round(e, 2))).toEqual([10.69, 7.31]);
    expect(round(test.chi2, 1)).toBe(3.4);
    expect(test.df).toBe(1);
    expect(round(test.p, 4)).toBe(0.0653);
  });

  it('does not depend on the order of the groups and extends to k groups', () => {
    const third = lifeTable([[6, true], [10, true], [15, false], [40, true], [60, true]]);
    const a = logRank([maintained, nonmaintained, third])!;
    const b = logRank([third, maintained, nonmaintained])!;
    expect(a.df).toBe(2);
    expect(a.chi2).toBeCloseTo(b.chi2, 10);
    // The expected events add up to the observed ones across groups (18 + 4 = 22 exits).
    expect(a.expected.reduce((x, y) => x + y, 0)).toBeCloseTo(22, 10);
  });

  it('is zero for identical groups and null when fewer than two groups have anyone at risk', () => {
    const same = logRank([maintained, maintained])!;
    expect(same.chi2).toBeCloseTo(0, 12);
    expect(same.p).toBeCloseTo(1, 12);
    expect(logRank([maintained, []])).toBeNull();
    expect(logRank([maintained])).toBeNull();
  });
});

// Kaplan-Meier estimate from life-table counts, with Greenwood variance (metrics.md 4).
import type { SurvivalEstimate } from '../types.ts';

/** Events (exits) and censored episodes at one duration t, in whole days. */
export interface LifeTableRow {
  t: number;
  events: number;
  censored: number;
}
export type LifeTable = readonly LifeTableRow[];

/** The estimate at one distinct duration (every duration with an event or a censoring, as R's survfit object). */
export interface KaplanMeierStep {
  t: number;
  /** Subjects with duration >= t (a subject censored at t is at risk at t). */
  atRisk: number;
  events: number;
  censored: number;
  /** S(t) = Π over event times t_j <= t of (1 - d_j / r_j). */
  s: number;
  /** Greenwood standard error of S(t), as R's summary(survfit) prints it; null once S = 0. */
  se: number | null;
  /** 95% interval, R's default conf.type "log": S exp(±z √Σ d/(r(r-d))), capped at 1; null once S = 0. */
  low: number | null;
  high: number | null;
}

export interface KaplanMeier {
  n: number;
  events: number;
  censored: number;
  steps: KaplanMeierStep[];
  median: number | null;
  /** The median's 95% interval as R's survfit prints it (0.95LCL, 0.95UCL): where the lower and upper limits reach 0.5. */
  medianLow: number | null;
  medianHigh: number | null;
  q25: number | null;
  q75: number | null;
}

/** qnorm(0.975), the z of R's default conf.int = 0.95. */
const Z95 = 1.959963984540054;
/** S(t) <= 1 - q is tested with this slack so that products like (1 - 1/2) land on exact halves. */
const QUANTILE_SLACK = 1e-12;

/** Sums duplicate durations and sorts them; throws on anything that is not a count at a whole day. */
function combine(table: LifeTable): LifeTableRow[] {
  const byDay = new Map<number, LifeTableRow>();
  for (const row of table) {
    const { t, events, censored } = row;
    if (!Number.isInteger(t) || t < 0) throw new RangeError(`life table duration must be a whole number of days >= 0, got ${t}`);
    if (!Number.isInteger(events) || events < 0 || !Number.isInteger(censored) || censored < 0) {
      throw new RangeError(`life table counts must be whole numbers >= 0, got events ${events}, censored ${censored} at t = ${t}`);
    }
    const seen = byDay.get(t);
    if (seen) {
      seen.events += events;
      seen.censored += censored;
    } else {
      byDay.set(t, { t, events, censored });
    }
  }
  return [...byDay.values()].filter((r) => r.events + r.censored > 0).sort((a, b) => a.t - b.t);
}

/**
 * Quantile q of a curve (S, or one of its 95% limits): the smallest event time where it is <= 1 - q (the start
 * of a flat stretch; R takes its midpoint). A limit is undefined once S = 0 and then never counts as reached.
 */
function survivalQuantile(steps: KaplanMeierStep[], q: number, curve: 's' | 'low' | 'high' = 's'): number | null {
  const step = steps.find((s) => s.events > 0 && s[curve] !== null && s[curve] <= 1 - q + QUANTILE_SLACK);
  return step ? step.t : null;
}

/** Kaplan-Meier product-limit estimate with Greenwood standard errors and log-type 95% intervals. */
export function kaplanMeier(table: LifeTable): KaplanMeier {
  const rows = combine(table);
  const n = rows.reduce((sum, r) => sum + r.events + r.censored, 0);
  const steps: KaplanMeierStep[] = [];
  let atRisk = n;
  let s = 1;
  let greenwood = 0;
  let events = 0;
  let censored = 0;
  for (const row of rows) {
    if (row.events > 0) {
      s *= (atRisk - row.events) / atRisk;
      // Greenwood's sum for Var(log S); infinite when everyone left at risk exits (S = 0).
      greenwood += row.events / (atRisk * (atRisk - row.events));
    }
    const defined = s > 0 && Number.isFinite(greenwood);
    const logSe = Math.sqrt(greenwood);
    steps.push({
      t: row.t,
      atRisk,
      events: row.events,
      censored: row.censored,
      s,
      se: defined ? s * logSe : null,
      low: defined ? s * Math.exp(-Z95 * logSe) : null,
      high: defined ? Math.min(1, s * Math.exp(Z95 * logSe)) : null,
    });
    atRisk -= row.events + row.censored;
    events += row.events;
    censored += row.censored;
  }
  return {
    n,
    events,
    censored,
    steps,
    median: survivalQuantile(steps, 0.5),
    // The lower limit reaches one half first, so it bounds the median from below (quantile.survfit).
    medianLow: survivalQuantile(steps, 0.5, 'low'),
    medianHigh: survivalQuantile(steps, 0.5, 'high'),
    q25: survivalQuantile(steps, 0.25),
    q75: survivalQuantile(steps, 0.75),
  };
}

/** The last step on or before day t: undefined before the first, null beyond the longest follow-up or with no one. */
function stepAt(km: KaplanMeier, t: number): KaplanMeierStep | undefined | null {
  const last = km.steps.at(-1);
  if (!last || t > last.t) return null;
  return km.steps.findLast((step) => step.t <= t);
}

/**
 * S(t) at day t: the product over event times <= t. Null when t is beyond the longest
 * follow-up (the largest duration, event or censored: nobody was followed that long) or there is no one.
 */
export function survivalAt(km: KaplanMeier, t: number): number | null {
  const step = stepAt(km, t);
  return step === null ? null : (step?.s ?? 1);
}

/**
 * The 95% interval of S at day t, as R's summary(survfit, times = t) prints it: that of the last step on or
 * before t ([1, 1] before any exit; a step of censoring only carries the interval of the one before it); null
 * beyond the longest follow-up or once S = 0.
 */
export function intervalAt(km: KaplanMeier, t: number): { low: number; high: number } | null {
  const step = stepAt(km, t);
  if (step === undefined) return { low: 1, high: 1 };
  return step === null || step.low === null || step.high === null ? null : { low: step.low, high: step.high };
}

/** How many were followed beyond day t (duration > t: still in services after t days, whether they exit or are censored later). */
export function followedBeyond(km: KaplanMeier, t: number): number {
  const step = km.steps.find((s) => s.t > t);
  return step ? step.atRisk : 0;
}

/** A figure at each of the days the estimate reports (90, 180, 365, 730). */
function days<T>(at: (day: number) => T): Record<'90' | '180' | '365' | '730', T> {
  return { '90': at(90), '180': at(180), '365': at(365), '730': at(730) };
}

/**
 * The spec's SurvivalEstimate: counts, quartiles, still in services at 90/180/365/730 days and the curve:
 * (0, 1) first, one point per event time, and a last point at the longest follow-up when censoring
 * extends the curve beyond the last event (so a chart can draw the flat tail). Intervals are "log" type.
 */
export function toSurvivalEstimate(km: KaplanMeier): SurvivalEstimate {
  const curve: SurvivalEstimate['curve'] = [];
  const first = km.steps[0];
  // No one, no curve; an exit on day 0 already lowers S(0); otherwise the curve starts at certainty.
  if (first && (first.t > 0 || first.events === 0)) curve.push({ t: 0, s: 1, low: 1, high: 1, atRisk: km.n });
  for (const step of km.steps) {
    if (step.events > 0) curve.push(curvePoint(step));
  }
  const last = km.steps.at(-1);
  if (last && last.events === 0 && last.t > 0) curve.push(curvePoint(last));
  const intervals = new Map([90, 180, 365, 730].map((d) => [d, intervalAt(km, d)]));
  return {
    n: km.n,
    events: km.events,
    censored: km.censored,
    median: km.median,
    medianLow: km.medianLow,
    medianHigh: km.medianHigh,
    q25: km.q25,
    q75: km.q75,
    stillInServices: days((d) => survivalAt(km, d)),
    stillInServicesLow: days((d) => intervals.get(d)?.low ?? null),
    stillInServicesHigh: days((d) => intervals.get(d)?.high ?? null),
    followedBeyond: days((d) => followedBeyond(km, d)),
    curve,
  };
}

function curvePoint(step: KaplanMeierStep): SurvivalEstimate['curve'][number] {
  return step.low === null || step.high === null
    ? { t: step.t, s: step.s, atRisk: step.atRisk }
    : { t: step.t, s: step.s, low: step.low, high: step.high, atRisk: step.atRisk };
}

// The metric parameters: zod fragments shared by the CLI and the API's query
// strings, and the defaults of metrics.md ("Common parameters").
import { z } from 'zod';
import {
  dimensions, proportionMetrics, reentryWindows,
  type Dimension, type MetricParams, type ReentryWindow, type ResolvedParams,
} from './types.ts';

/**
 * A real calendar date written YYYY-MM-DD (2023-02-30 is refused), from 1900 to 2999: a period's default other
 * end is a year away, and years below 100 or past 9999 are not dates JavaScript and SQL write alike.
 */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD')
  .refine(isCalendarDate, 'must be a real calendar date (YYYY-MM-DD)')
  .refine((text) => text >= '1900-01-01' && text <= '2999-12-31', 'must be a date from 1900-01-01 to 2999-12-31');

/** Zod runs every check, so this must not throw on text the pattern already refused. */
function isCalendarDate(text: string): boolean {
  const time = Date.parse(`${text}T00:00:00Z`);
  return Number.isFinite(time) && new Date(time).toISOString().slice(0, 10) === text;
}

/** Query strings give numbers as text; both forms are accepted, but an empty value is not 0. */
const blankIsNaN = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? Number.NaN : v);

export const windowParam = z.preprocess(blankIsNaN, z.coerce
  .number({ error: 'must be 180, 365 or 730 days' })
  .refine((n): n is ReentryWindow => (reentryWindows as readonly number[]).includes(n), 'must be 180, 365 or 730 days')
  .transform((n) => n as ReentryWindow));

const minStayMessage = 'must be a whole number of days from 0 to 365';
export const minStayParam = z.preprocess(
  blankIsNaN,
  z.coerce.number({ error: minStayMessage }).int(minStayMessage).min(0, minStayMessage).max(365, minStayMessage),
);

/** A repeatable filter: one value or several; each at most 200 characters. */
export const listParam = z.preprocess(
  (v) => (v === undefined ? undefined : Array.isArray(v) ? v : [v]),
  z.array(z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters')).max(100).optional(),
);

export const byParam = z.enum(dimensions);

/** The common parameters, without the from <= to check (extend this one). */
export const metricParamsObject = z.object({
  from: isoDate.optional(),
  to: isoDate.optional(),
  window: windowParam.optional(),
  minStay: minStayParam.optional(),
  program: listParam,
  county: listParam,
  by: byParam.optional(),
});

const fromNotAfterTo = (p: { from?: string; to?: string }) => !(p.from && p.to && p.from > p.to);
const fromNotAfterToIssue = { message: 'from must be on or before to', path: ['from'] };

/** The common parameters of every metric endpoint. */
export const metricParamsSchema = metricParamsObject.refine(fromNotAfterTo, fromNotAfterToIssue);

/** Metrics an equity comparison can be made for. */
export const equityMetrics = [...proportionMetrics, 'time-in-services'] as const;
export type EquityMetric = (typeof equityMetrics)[number];

/** Dimensions an equity comparison can be made across (anything but `none`). */
export const equityDimensions = dimensions.filter((d) => d !== 'none') as Exclude<Dimension, 'none'>[];
export type EquityDimension = Exclude<Dimension, 'none'>;

// `dimension` names the groups compared, so `by` is no parameter of an equity comparison (given, it is refused).
export const equityParamsObject = metricParamsObject.omit({ by: true }).extend({
  metric: z.enum(equityMetrics).default('reentry'),
  dimension: z.enum(equityDimensions as [EquityDimension, ...EquityDimension[]]).default('race_ethnicity'),
  // A group key of the dimension, or `rest` (all other known groups pooled).
  reference: z.string().trim().min(1).max(200).optional(),
});
export const equityParamsSchema = equityParamsObject.refine(fromNotAfterTo, fromNotAfterToIssue);
export type EquityParams = MetricParams & { metric: EquityMetric; dimension: EquityDimension; reference?: string };

/** What a facilitator's cases can be split by: a client or episode dimension, never a staff one (facilitator, supervisor). */
export const facilitatorGroupDimensions = ['none', 'program', 'county', 'race_ethnicity', 'gender', 'age_group', 'primary_language'] as const;
export type FacilitatorGroupDimension = (typeof facilitatorGroupDimensions)[number];

export const facilitatorParamsObject = metricParamsObject.extend({
  metric: z.enum(proportionMetrics).default('reentry'),
  by: z.enum(facilitatorGroupDimensions, { error: `must be one of ${facilitatorGroupDimensions.join(', ')} (a client or episode dimension)` }).optional(),
});
export const facilitatorParamsSchema = facilitatorParamsObject.refine(fromNotAfterTo, fromNotAfterToIssue);

// ------------------------------------------------------------------ defaults

export const defaultMinStay = 8;
export const defaultWindow: ReentryWindow = 365;

/** The follow-up window moves the default period back by whole months. */
const windowMonths: Record<ReentryWindow, number> = { 180: 6, 365: 12, 730: 24 };

/** A date moved by whole months, keeping the day (past a month's end it rolls over). */
function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1 + months, d)).toISOString().slice(0, 10);
}

/** A date moved by whole days. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** The as-of date, or today (UTC) when nothing has been imported yet. */
export function asOfOrToday(asOf: string | null): string {
  return asOf ?? new Date().toISOString().slice(0, 10);
}

/**
 * Fills in the defaults of metrics.md: the 12 full calendar months before
 * asOf (for re-entry shifted back 6, 12 or 24 months for a 180, 365 or 730
 * day window), minStay 8, window 365 (re-entry only), by `none`. When only
 * one bound is given, the other makes a 12-month period with it.
 */
export function resolveParams(metric: string, params: MetricParams, asOf: string | null): ResolvedParams {
  const window = metric === 'reentry' ? (params.window ?? defaultWindow) : undefined;
  const shift = window ? windowMonths[window] : 0;
  const firstOfAsOfMonth = asOfOrToday(asOf).slice(0, 8) + '01';
  let from = params.from;
  let to = params.to;
  if (from && !to) to = addDays(addMonths(from, 12), -1);
  else if (to && !from) from = addMonths(addDays(to, 1), -12);
  else if (!from && !to) {
    from = addMonths(firstOfAsOfMonth, -12 - shift);
    to = addDays(addMonths(firstOfAsOfMonth, -shift), -1);
  }
  const resolved: ResolvedParams = {
    from: from!,
    to: to!,
    minStay: params.minStay ?? defaultMinStay,
    program: [...(params.program ?? [])],
    county: [...(params.county ?? [])],
    by: params.by ?? 'none',
  };
  if (window) resolved.window = window;
  return resolved;
}

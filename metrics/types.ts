// The shapes metrics return (interfaces.md), shared by api/ and the dashboard's
// understanding of the JSON. Every figure is computed in metrics/; callers only
// filter what a role may see.

export const dimensions = [
  'none', 'facilitator', 'supervisor', 'program', 'county',
  'race_ethnicity', 'gender', 'age_group', 'primary_language',
] as const;
export type Dimension = (typeof dimensions)[number];

export const proportionMetrics = ['reentry', 'successful-exits', 'repeat-entries'] as const;
export type ProportionMetric = (typeof proportionMetrics)[number];
export const metricNames = [...proportionMetrics, 'time-in-services', 'workforce', 'equity', 'facilitators'] as const;
export type MetricName = (typeof metricNames)[number];

export const reentryWindows = [180, 365, 730] as const;
export type ReentryWindow = (typeof reentryWindows)[number];

/** Filters common to every metric (metrics.md "Common parameters"). Omitted = default. */
export interface MetricParams {
  from?: string;
  to?: string;
  window?: ReentryWindow;
  minStay?: number;
  program?: string[];
  county?: string[];
  by?: Dimension;
}

/** The parameters actually used, defaults filled in, echoed in every response. */
export interface ResolvedParams {
  from: string;
  to: string;
  window?: ReentryWindow;
  minStay: number;
  program: string[];
  county: string[];
  by: Dimension;
  [extra: string]: unknown;
}

/** A proportion with its Wilson interval. */
export interface ProportionEstimate {
  n: number;
  events: number;
  rate: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  unstable: boolean;
  suppressed: boolean;
}

/** A Kaplan-Meier estimate. */
export interface SurvivalEstimate {
  n: number;
  events: number;
  censored: number;
  median: number | null;
  /** The median's 95% interval (R survfit's 0.95LCL and 0.95UCL); null where a limit never reaches one half. */
  medianLow: number | null;
  medianHigh: number | null;
  q25: number | null;
  q75: number | null;
  stillInServices: Record<'90' | '180' | '365' | '730', number | null>;
  /** Their 95% intervals (R's summary(survfit, times = ...) lower and upper); null where the share is, or S = 0. */
  stillInServicesLow: Record<'90' | '180' | '365' | '730', number | null>;
  stillInServicesHigh: Record<'90' | '180' | '365' | '730', number | null>;
  /** How many episodes were followed beyond each of those days (still in services then, R's n.risk the day after). */
  followedBeyond: Record<'90' | '180' | '365' | '730', number>;
  /** S(t) at 0 and each exit time (and the longest follow-up), its 95% limits, and how many were at risk at t (R's n.risk). */
  curve: { t: number; s: number; low?: number; high?: number; atRisk: number }[];
  suppressed?: boolean;
}

export type Group<E> = { key: string; label: string } & E;

export interface MetricResponse<E = ProportionEstimate> {
  metric: string;
  params: ResolvedParams;
  asOf: string | null;
  overall: E;
  groups: Group<E>[];
  excluded: Record<string, number>;
}

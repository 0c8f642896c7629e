// A metric quarter by quarter (the Overview's and the Workforce page's trend charts): the figure of each of the
// last `quarters` calendar quarters that end on or before the period's end, each computed as the metric
// itself computes a period, so one request (and one CSV) carries exactly the numbers a trend chart draws.
import { z } from 'zod';
import type { Warehouse } from '../../sql/db.ts';
import { getAsOf } from '../getAsOf.ts';
import { lastCompleteQuarters } from '../facilitators/quarters.ts';
import { metricParamsObject, resolveParams } from '../params.ts';
import { getReentry } from '../proportions/getReentry.ts';
import { getRepeatEntries } from '../proportions/getRepeatEntries.ts';
import { getSuccessfulExits } from '../proportions/getSuccessfulExits.ts';
import { getTimeInServices } from '../timeInServices/index.ts';
import type { MetricParams, ProportionEstimate, ResolvedParams, SurvivalEstimate } from '../types.ts';
import { getWorkforce, type WorkforceFigures } from '../workforce/index.ts';

export const trendMetrics = ['reentry', 'successful-exits', 'repeat-entries', 'time-in-services', 'workforce'] as const;
export type TrendMetric = (typeof trendMetrics)[number];

/** The query of GET /api/trend: the common parameters (no `by`), the metric and how many quarters. */
export const trendParamsObject = metricParamsObject.omit({ by: true }).extend({
  metric: z.enum(trendMetrics),
  quarters: z.coerce.number({ error: 'must be a whole number from 1 to 12' }).int('must be a whole number from 1 to 12').min(1, 'must be a whole number from 1 to 12').max(12, 'must be a whole number from 1 to 12').optional(),
});

export type TrendParams = Omit<MetricParams, 'by'> & { metric: TrendMetric; quarters?: number };

/** One quarter: its key ('2024-Q1') and days, then the metric's overall figure (workforce: its figures). */
export type TrendPeriod = { period: string; from: string; to: string } & (ProportionEstimate | Omit<SurvivalEstimate, 'curve'> | Omit<WorkforceFigures, 'caseload'>);

export interface TrendResponse {
  metric: TrendMetric;
  params: ResolvedParams & { metric: TrendMetric; quarters: number };
  asOf: string | null;
  periods: TrendPeriod[];
}

const proportionGetters = { reentry: getReentry, 'successful-exits': getSuccessfulExits, 'repeat-entries': getRepeatEntries } as const;

export async function getTrend(warehouse: Warehouse, params: TrendParams): Promise<TrendResponse> {
  const { metric, quarters: count = 8, ...common } = params;
  const { asOf } = await getAsOf(warehouse);
  const resolved = resolveParams(metric, common, asOf);
  const quarters = lastCompleteQuarters(resolved.to, 0, count);
  const periods = await Promise.all(
    quarters.map(async (q): Promise<TrendPeriod> => {
      const at = { ...common, from: q.from, to: q.to };
      const head = { period: q.key, from: q.from, to: q.to };
      if (metric === 'workforce') {
        // The monthly caseload is the Workforce page's own chart, not a quarter's figure.
        const { metric: _m, params: _p, asOf: _a, groups: _g, caseload: _c, ...figures } = await getWorkforce(warehouse, at);
        return { ...head, ...figures };
      }
      if (metric === 'time-in-services') {
        const { curve: _curve, ...overall } = (await getTimeInServices(warehouse, { ...at, by: 'none' })).overall;
        return { ...head, ...overall };
      }
      return { ...head, ...(await proportionGetters[metric](warehouse, { ...at, by: 'none' })).overall };
    }),
  );
  return { metric, params: { ...resolved, metric, quarters: count }, asOf, periods };
}

// A metric period by period (the Overview's and the Workforce page's trend charts): the figure of each of the last
// `count` calendar quarters that end on or before the period's end, or of the last `count` calendar years up to
// it (the last one ending there), each computed as the metric itself computes a period, so one request (and one
// CSV) carries exactly the numbers a trend chart draws.
import { z } from 'zod';
import type { Warehouse } from '../../sql/db.ts';
import { getAsOf } from '../getAsOf.ts';
import { lastCompleteQuarters } from '../facilitators/quarters.ts';
import { metricParamsObject, resolveParams } from '../params.ts';
import { proportionGetters } from '../proportions/getters.ts';
import { getTimeInServices } from '../timeInServices/index.ts';
import type { MetricParams, ProportionEstimate, ResolvedParams, SurvivalEstimate } from '../types.ts';
import { getWorkforce, type WorkforceFigures } from '../workforce/index.ts';

export const trendMetrics = ['reentry', 'successful-exits', 'repeat-entries', 'time-in-services', 'workforce'] as const;
export type TrendMetric = (typeof trendMetrics)[number];
export type TrendStep = 'quarter' | 'year';

const countMessage = 'must be a whole number from 1 to 12';

/** The query of GET /api/trend: the common parameters (no `by`), the metric, the step and how many steps. */
export const trendParamsObject = metricParamsObject.omit({ by: true }).extend({
  metric: z.enum(trendMetrics),
  per: z.enum(['quarter', 'year']).optional(),
  count: z.coerce.number({ error: countMessage }).int(countMessage).min(1, countMessage).max(12, countMessage).optional(),
});

export type TrendParams = Omit<MetricParams, 'by'> & { metric: TrendMetric; per?: TrendStep; count?: number };

/** One step: its key ('2024-Q1', '2024') and days, then the metric's overall figure (workforce: its figures). */
export type TrendPeriod = { period: string; from: string; to: string } & (ProportionEstimate | Omit<SurvivalEstimate, 'curve'> | Omit<WorkforceFigures, 'caseload'>);

export interface TrendResponse {
  metric: TrendMetric;
  params: ResolvedParams & { metric: TrendMetric; per: TrendStep; count: number };
  asOf: string | null;
  periods: TrendPeriod[];
}

export async function getTrend(warehouse: Warehouse, params: TrendParams): Promise<TrendResponse> {
  const { metric, per = 'quarter', count = per === 'quarter' ? 8 : 5, ...common } = params;
  const { asOf } = await getAsOf(warehouse);
  const resolved = resolveParams(metric, common, asOf);
  const steps = per === 'quarter' ? lastCompleteQuarters(resolved.to, count) : yearsUpTo(resolved.to, count);
  const periods = await Promise.all(
    steps.map(async (q): Promise<TrendPeriod> => {
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
  return { metric, params: { ...resolved, metric, per, count }, asOf, periods };
}

/** The last `count` calendar years up to `to`'s, oldest first; the last one ends on `to`. */
function yearsUpTo(to: string, count: number): { key: string; from: string; to: string }[] {
  const last = Number(to.slice(0, 4));
  return Array.from({ length: count }, (_, i) => {
    const year = last - count + 1 + i;
    return { key: String(year), from: `${year}-01-01`, to: year === last ? to : `${year}-12-31` };
  });
}

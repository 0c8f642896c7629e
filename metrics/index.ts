// The one entry point of metrics/ for api/ and the CLI: every metric of metrics.md.
import type { Warehouse } from '../sql/db.ts';
import { getProportionEquity, type EquityResponse } from './equity/getEquity.ts';
import type { EquityParams } from './params.ts';
import { getSurvivalEquity, type SurvivalEquityResponse } from './timeInServices/index.ts';

export { getAsOf, type AsOf } from './getAsOf.ts';
export * from './params.ts';
export { MetricInputError } from './errors.ts';
export { getReentry, reentryExclusions } from './proportions/getReentry.ts';
export { getSuccessfulExits, successfulExitExclusions } from './proportions/getSuccessfulExits.ts';
export { getRepeatEntries } from './proportions/getRepeatEntries.ts';
export { getFilters, type Filters } from './filters/getFilters.ts';
export { compareGroups, type EquityResponse, type EquityComparison } from './equity/getEquity.ts';
export { getTimeInServices, getSurvivalEquity, type SurvivalEquityResponse, type SurvivalComparison } from './timeInServices/index.ts';
export { getWorkforce, workforceParamsSchema, type WorkforceParams, type WorkforceResponse } from './workforce/index.ts';
export { getFacilitators, getFacilitatorDetail, type FacilitatorsParams, type FacilitatorsResponse, type FacilitatorDetail } from './facilitators/index.ts';
export { getTrend, trendMetrics, trendParamsObject, type TrendMetric, type TrendParams, type TrendPeriod, type TrendResponse } from './trend/getTrend.ts';
export * from './types.ts';

/** Section 7: a metric's groups along a dimension compared with a reference group (or `rest`). */
export async function getEquity(warehouse: Warehouse, params: EquityParams): Promise<EquityResponse | SurvivalEquityResponse> {
  if (params.metric === 'time-in-services') return getSurvivalEquity(warehouse, params);
  return getProportionEquity(warehouse, { ...params, metric: params.metric });
}

// Time in services (metrics.md 4): Kaplan-Meier over the entry cohort, per group.
import type { Warehouse } from '../../sql/db.ts';
import { byLabelUnknownLast } from '../labels.ts';
import { kaplanMeier, toSurvivalEstimate } from '../stats/kaplanMeier.ts';
import type { MetricParams, MetricResponse, SurvivalEstimate } from '../types.ts';
import { getEntryCohort } from './entryCohort.ts';

export { getSurvivalEquity, type SurvivalEquityResponse, type SurvivalComparison } from './equity.ts';

export async function getTimeInServices(warehouse: Warehouse, params: MetricParams): Promise<MetricResponse<SurvivalEstimate>> {
  const cohort = await getEntryCohort(warehouse, params);
  return {
    metric: 'time-in-services',
    params: cohort.params,
    asOf: cohort.asOf,
    overall: toSurvivalEstimate(kaplanMeier(cohort.overall)),
    groups: cohort.groups
      .map((g) => ({ key: g.key, label: g.label, ...toSurvivalEstimate(kaplanMeier(g.table)) }))
      .sort(byLabelUnknownLast),
    excluded: { shortStay: cohort.shortStay },
  };
}

// Time in services (metrics.md 4): Kaplan-Meier over the entry cohort, per group.
import type { Warehouse } from '../../sql/db.ts';
import { getAsOf } from '../getAsOf.ts';
import { byLabelUnknownLast } from '../labels.ts';
import { resolveParams } from '../params.ts';
import { kaplanMeier, toSurvivalEstimate } from '../stats/kaplanMeier.ts';
import type { MetricParams, MetricResponse, SurvivalEstimate } from '../types.ts';
import { getEntryLifeTable } from './entryLifeTable.ts';
import { splitLifeTables } from './lifeTables.ts';
import { getShortStayCount } from './shortStayCount.ts';

export async function getTimeInServices(warehouse: Warehouse, params: MetricParams): Promise<MetricResponse<SurvivalEstimate>> {
  const { asOf } = await getAsOf(warehouse);
  const resolved = resolveParams('time-in-services', params, asOf);
  // Without an import there is nothing to censor at; the period's end stands in.
  const query = { ...resolved, asOf: asOf ?? resolved.to };
  const [rows, shortStay] = await Promise.all([getEntryLifeTable(warehouse, query), getShortStayCount(warehouse, query)]);
  const { overall, groups } = splitLifeTables(rows, resolved.by);
  return {
    metric: 'time-in-services',
    params: resolved,
    asOf,
    overall: toSurvivalEstimate(kaplanMeier(overall)),
    groups: groups
      .map((g) => ({ key: g.key, label: g.label, ...toSurvivalEstimate(kaplanMeier(g.table)) }))
      .sort(byLabelUnknownLast),
    excluded: { shortStay },
  };
}

// The entry cohort of a period as life tables (whole cohort and per group),
// with the parameters actually used: shared by time in services and its equity view.
import type { Warehouse } from '../../sql/db.ts';
import { getAsOf } from '../getAsOf.ts';
import { resolveParams } from '../params.ts';
import type { LifeTableRow } from '../stats/kaplanMeier.ts';
import type { MetricParams, ResolvedParams } from '../types.ts';
import { getEntryLifeTable } from './entryLifeTable.ts';
import { splitLifeTables, type GroupLifeTable } from './lifeTables.ts';

export interface EntryCohort {
  asOf: string | null;
  params: ResolvedParams;
  overall: LifeTableRow[];
  groups: GroupLifeTable[];
  shortStay: number;
}

export async function getEntryCohort(warehouse: Warehouse, params: MetricParams): Promise<EntryCohort> {
  const { asOf } = await getAsOf(warehouse);
  const resolved = resolveParams('time-in-services', params, asOf);
  // Without an import there is nothing to censor at; the period's end stands in.
  const query = { ...resolved, asOf: asOf ?? resolved.to };
  const rows = await getEntryLifeTable(warehouse, query);
  return { asOf, params: resolved, ...splitLifeTables(rows, resolved.by) };
}

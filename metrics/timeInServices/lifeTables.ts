// Splits the life-table rows of one query into the whole cohort, its groups and the count of short stays.
import { groupLabel } from '../labels.ts';
import type { LifeTableRow } from '../stats/kaplanMeier.ts';
import type { Dimension } from '../types.ts';
import type { EntryLifeTableRow } from './entryLifeTable.ts';

export interface GroupLifeTable {
  key: string;
  label: string;
  table: LifeTableRow[];
}

export function splitLifeTables(
  rows: EntryLifeTableRow[],
  by: Dimension,
): { overall: LifeTableRow[]; groups: GroupLifeTable[]; shortStay: number } {
  // The whole cohort is the sum of its groups at each duration (rows of key null when by = none).
  const overall = new Map<number, LifeTableRow>();
  const groups = new Map<string, GroupLifeTable>();
  let shortStay = 0;
  for (const { key, label, shortStay: noShow, t, events, censored } of rows) {
    if (noShow) {
      shortStay += events;
      continue;
    }
    const total = overall.get(t);
    if (total) {
      total.events += events;
      total.censored += censored;
    } else overall.set(t, { t, events, censored });
    if (key === null) continue;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { key, label: groupLabel(by, key, label), table: [] }));
    group.table.push({ t, events, censored });
  }
  return { overall: [...overall.values()], groups: [...groups.values()], shortStay };
}

// Display names of facilitator rows: the API's name, or a neutral label where the reader may not see it.
import type { FacilitatorRow } from './types.ts';

/** Facilitator rows with a label each: named ones by name (with the staff id where two share a name), then the unnamed. */
export function labelled(rows: FacilitatorRow[]): (FacilitatorRow & { label: string })[] {
  let unnamed = 0;
  // Two facilitators may share a name: the staff id tells them apart (a chart's rows are keyed by label).
  const nameCount = new Map<string, number>();
  for (const r of rows) if (r.name != null) nameCount.set(r.name, (nameCount.get(r.name) ?? 0) + 1);
  const named = (r: FacilitatorRow) => (nameCount.get(r.name!)! > 1 && r.staffId ? `${r.name} (${r.staffId})` : r.name!);
  const withLabels = rows.map((r) => ({ ...r, label: r.name != null ? named(r) : `Unnamed facilitator ${++unnamed}` }));
  return [...withLabels.filter((r) => r.name != null).sort((a, b) => a.label.localeCompare(b.label)), ...withLabels.filter((r) => r.name == null)];
}

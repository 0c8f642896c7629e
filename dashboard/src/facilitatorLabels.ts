// Display names of facilitator rows: the API's name, or a neutral label where the reader may not see it.
import type { FacilitatorRow } from './types.ts';

/**
 * Each row with a label, in the rows' order: its name, with the staff id where two share a name (a chart's rows
 * are keyed by label), or "Unnamed facilitator N".
 */
export function withLabels<R extends FacilitatorRow>(rows: R[]): (R & { label: string })[] {
  let unnamed = 0;
  const nameCount = new Map<string, number>();
  for (const r of rows) if (r.name != null) nameCount.set(r.name, (nameCount.get(r.name) ?? 0) + 1);
  const named = (r: FacilitatorRow) => (nameCount.get(r.name!)! > 1 && r.staffId ? `${r.name} (${r.staffId})` : r.name!);
  return rows.map((r) => ({ ...r, label: r.name != null ? named(r) : `Unnamed facilitator ${++unnamed}` }));
}

/** Facilitator rows with a label each: named ones by label, then the unnamed. */
export function labelled(rows: FacilitatorRow[]): (FacilitatorRow & { label: string })[] {
  const rowsWithLabels = withLabels(rows);
  return [...rowsWithLabels.filter((r) => r.name != null).sort((a, b) => a.label.localeCompare(b.label)), ...rowsWithLabels.filter((r) => r.name == null)];
}

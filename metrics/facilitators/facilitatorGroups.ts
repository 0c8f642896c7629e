// Pure: per facilitator x client group counts -> each facilitator's groups with their Wilson estimate (the heat map's cells).
// Counted in the same pass as the facilitator's own figures, so a facilitator's groups add up to its n and events.
import { byLabelUnknownLast, groupLabel } from '../labels.ts';
import type { FacilitatorGroupDimension } from '../params.ts';
import { proportionEstimate } from '../proportions/estimate.ts';
import type { Group, ProportionEstimate } from '../types.ts';
import type { FacilitatorGroupCountRow } from './getFacilitatorCounts.ts';

export type FacilitatorGroup = Group<ProportionEstimate>;

/**
 * Each facilitator's cases by group of `by`: only groups with at least one case, sorted by label
 * (numbers in order, Unknown last), as the agency metrics list their groups.
 */
export function facilitatorGroups(rows: readonly FacilitatorGroupCountRow[], by: Exclude<FacilitatorGroupDimension, 'none'>): Map<string, FacilitatorGroup[]> {
  const counts = new Map<string, Map<string, { label: string | null; n: number; events: number }>>();
  for (const r of rows) {
    const groups = counts.get(r.staffId) ?? new Map();
    const key = r.groupKey ?? 'unknown';
    const g = groups.get(key) ?? { label: r.groupLabel ?? null, n: 0, events: 0 };
    g.n += r.n;
    g.events += r.events;
    groups.set(key, g);
    counts.set(r.staffId, groups);
  }
  // The groups' order is decided once for all facilitators (a group's label follows from its key).
  const labels = new Map<string, string>();
  for (const groups of counts.values()) for (const [key, g] of groups) if (!labels.has(key)) labels.set(key, groupLabel(by, key, g.label));
  const order = new Map([...labels].map(([key, label]) => ({ key, label })).sort(byLabelUnknownLast).map((g, i) => [g.key, i]));
  const result = new Map<string, FacilitatorGroup[]>();
  for (const [staffId, groups] of counts) {
    result.set(
      staffId,
      [...groups]
        .sort(([a], [b]) => order.get(a)! - order.get(b)!)
        .map(([key, g]) => ({ key, label: labels.get(key)!, ...proportionEstimate(g.events, g.n) })),
    );
  }
  return result;
}

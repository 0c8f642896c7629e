// Turns the grouped counts of a proportion query into the response of interfaces.md.
import { groupLabel, byLabelUnknownLast } from '../labels.ts';
import type { Group, MetricResponse, ProportionEstimate, ResolvedParams } from '../types.ts';
import { proportionEstimate } from './estimate.ts';

/** One row of a grouped proportion query: exclusion null = counted in the denominator. */
export interface CountRow {
  key: string | null;
  exclusion: string | null;
  n: number;
  events: number;
  label: string | null;
}

export function proportionResponse(
  metric: string,
  params: ResolvedParams,
  asOf: string | null,
  rows: CountRow[],
  exclusions: readonly string[],
): MetricResponse<ProportionEstimate> {
  const excluded: Record<string, number> = Object.fromEntries(exclusions.map((reason) => [reason, 0]));
  const groups = new Map<string, { label: string | null; n: number; events: number }>();
  let n = 0;
  let events = 0;
  for (const row of rows) {
    if (row.exclusion !== null) {
      excluded[row.exclusion] = (excluded[row.exclusion] ?? 0) + row.n;
      continue;
    }
    n += row.n;
    events += row.events;
    if (params.by === 'none') continue;
    const key = row.key ?? 'unknown';
    const group = groups.get(key) ?? { label: row.label, n: 0, events: 0 };
    group.n += row.n;
    group.events += row.events;
    groups.set(key, group);
  }
  const grouped: Group<ProportionEstimate>[] = [...groups].map(([key, g]) => ({
    key,
    label: groupLabel(params.by, key, g.label),
    ...proportionEstimate(g.events, g.n),
  }));
  grouped.sort(byLabelUnknownLast);
  return { metric, params, asOf, overall: proportionEstimate(events, n), groups: grouped, excluded };
}

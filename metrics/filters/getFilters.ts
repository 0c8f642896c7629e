// What the filter bar offers: the programs, counties and period bounds present in the data.
import type { Warehouse } from '../../sql/db.ts';
import { getAsOf } from '../getAsOf.ts';
import { unknownKey } from '../labels.ts';

export interface Filters {
  asOf: string | null;
  programs: { key: string; label: string }[];
  counties: string[];
  period: { first: string | null; last: string | null };
}

export async function getFilters(warehouse: Warehouse): Promise<Filters> {
  const { asOf } = await getAsOf(warehouse);
  const { rows } = await warehouse.withClient((c) =>
    c.query<{ kind: 'program' | 'county' | 'period'; key: string | null; label: string | null }>(
      `-- Programs under their most common spelling.
WITH programs AS (
  SELECT 'program' AS kind, program AS key, label FROM program_labels
),
-- Counties of clients who have at least one episode, under their most common spelling (a filter value as good as the key).
counties AS (
  SELECT 'county' AS kind, county AS key, label FROM county_counts
),
-- The period the data covers: the first start and the last exit (asOf replaces it when known).
period AS (
  SELECT 'period' AS kind, min(start_date)::text AS key, max(end_date)::text AS label FROM episode_facts
)
SELECT kind, key, label FROM programs
UNION ALL SELECT kind, key, label FROM counties
UNION ALL SELECT kind, key, label FROM period`,
    ),
  );
  const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
  const programs = rows
    .filter((r) => r.kind === 'program')
    .map((r) => ({ key: r.key!, label: r.label! }))
    .sort((a, b) => collator.compare(a.label, b.label));
  const counties = rows
    .filter((r) => r.kind === 'county')
    .map((r) => (r.key === unknownKey ? r.key : (r.label ?? r.key!)))
    .sort((a, b) => (a === unknownKey ? 1 : 0) - (b === unknownKey ? 1 : 0) || collator.compare(a, b));
  const period = rows.find((r) => r.kind === 'period');
  return { asOf, programs, counties, period: { first: period?.key ?? null, last: asOf ?? period?.label ?? null } };
}

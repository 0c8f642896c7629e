// The data's as-of date: that of the latest committed import; and the latest import run of any outcome.
import type { Warehouse } from '../sql/db.ts';

export interface AsOf {
  asOf: string | null;
  lastImport: { id: number; finishedAt: string | null; status: string } | null;
}

export async function getAsOf(warehouse: Warehouse): Promise<AsOf> {
  const { rows } = await warehouse.withClient((c) =>
    c.query<{ committed_as_of: string | null; id: number | null; finished_at: Date | string | null; status: string | null }>(
      `-- The as-of date comes from the latest committed run; the last run may have failed since.
WITH committed AS (
  SELECT as_of FROM import_runs WHERE status = 'committed' ORDER BY id DESC LIMIT 1
),
latest AS (
  SELECT id, finished_at, status FROM import_runs ORDER BY id DESC LIMIT 1
)
SELECT (SELECT as_of FROM committed) AS committed_as_of, latest.id, latest.finished_at, latest.status
FROM (SELECT 1) one LEFT JOIN latest ON true`,
    ),
  );
  const row = rows[0];
  return {
    asOf: row?.committed_as_of ?? null,
    lastImport:
      row?.id == null
        ? null
        : {
            id: row.id,
            finishedAt: row.finished_at == null ? null : new Date(row.finished_at).toISOString(),
            status: row.status!,
          },
  };
}

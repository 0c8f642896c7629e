// The latest as-of date of the imports committed before this one (null before the first).
import type { Client } from '../../sql/db.ts';

export async function latestCommittedAsOf(client: Client, runId: number): Promise<string | null> {
  const { rows } = await client.query<{ as_of: string | null }>(
    `SELECT max(as_of) AS as_of FROM import_runs WHERE status = 'committed' AND id <> $1`,
    [runId],
  );
  return rows[0]?.as_of ?? null;
}

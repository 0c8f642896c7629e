// The run's as-of date, written before the marts are rebuilt in the same transaction: the caseload mart's
// months run up to it (sql/marts/030_facilitator_caseload.sql), already on the first import.
import type { Client } from '../../sql/db.ts';

export async function recordAsOf(client: Client, runId: number, asOf: string): Promise<void> {
  await client.query('UPDATE import_runs SET as_of = $2 WHERE id = $1', [runId, asOf]);
}

// Closes a run record with its outcome and per-file counts.
import type { Client } from '../../sql/db.ts';

export interface RunOutcome {
  status: 'committed' | 'aborted' | 'failed';
  asOf: string | null;
  source: string | null;
  files: Record<string, { read: number; loaded: number; rejected: number }>;
  warnings: string[];
  message: string | null;
}

export async function finishImportRun(client: Client, runId: number, outcome: RunOutcome): Promise<void> {
  // clock_timestamp(): the run is usually closed inside the import's transaction, where now() is when it began.
  await client.query(
    `UPDATE import_runs SET status = $2, finished_at = clock_timestamp(), as_of = $3, source = $4, files = $5::jsonb, warnings = $6::jsonb, message = $7
     WHERE id = $1`,
    [runId, outcome.status, outcome.asOf, outcome.source, JSON.stringify(outcome.files), JSON.stringify(outcome.warnings), outcome.message],
  );
}

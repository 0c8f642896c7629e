// A run still 'running' when the import lock is free was left by a process
// that died mid-import; its transaction rolled back, so it failed.
import type { Client } from '../../sql/db.ts';

export async function failInterruptedRuns(client: Client): Promise<number> {
  const { rowCount } = await client.query(
    `UPDATE import_runs SET status = 'failed', finished_at = now(),
       message = coalesce(message, 'The import process stopped before finishing; nothing of this run was stored.')
     WHERE status = 'running'`,
  );
  return rowCount;
}

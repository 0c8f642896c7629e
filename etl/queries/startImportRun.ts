// The run record, written first and committed on its own so a crash still leaves a trace.
import type { Client } from '../../sql/db.ts';

export async function startImportRun(client: Client, folder: string, replace: boolean): Promise<number> {
  const { rows } = await client.query<{ id: number }>(
    `INSERT INTO import_runs (status, folder, replace_all) VALUES ('running', $1, $2) RETURNING id`,
    [folder, replace],
  );
  return rows[0].id;
}

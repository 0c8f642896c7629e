// True when no case record is stored (a first import, or --replace after clearing):
// then the upserts become plain INSERTs and every key is built once afterwards.
import type { Client } from '../../sql/db.ts';

export async function isWarehouseEmpty(client: Client): Promise<boolean> {
  const { rows } = await client.query<{ empty: boolean }>(
    `SELECT NOT EXISTS (SELECT 1 FROM clients) AND NOT EXISTS (SELECT 1 FROM episodes) AND NOT EXISTS (SELECT 1 FROM assignments) AS empty`,
  );
  return rows[0].empty;
}

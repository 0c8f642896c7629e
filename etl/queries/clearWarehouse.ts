// --replace: empties the case-record tables inside the import's transaction,
// so readers keep the old content until the new one commits.
import type { Client } from '../../sql/db.ts';

export async function clearWarehouse(client: Client): Promise<void> {
  await client.query('TRUNCATE assignments, episodes, clients, staff');
}

// The planner's estimate of stored episodes: enough to tell a bulk load from a delta.
import type { Client } from '../../sql/db.ts';

export async function countStoredEpisodes(client: Client): Promise<number> {
  const { rows } = await client.query<{ n: number }>(`SELECT greatest(reltuples, 0)::bigint AS n FROM pg_class WHERE oid = 'episodes'::regclass`);
  return Number(rows[0]?.n ?? 0);
}

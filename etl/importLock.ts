// One import at a time. In one process: a queue per warehouse. Across
// processes on PostgreSQL: a session advisory lock, waited for (never refused).
// PGlite needs no more: only the process holding its folder's lock file can open it.
import type { Client, Warehouse } from '../sql/db.ts';

// Any fixed number, distinct from the migration lock.
const IMPORT_LOCK = 7_311_002;

const queues = new WeakMap<Warehouse, Promise<unknown>>();

/** Runs fn after every import queued before it on this warehouse has finished. */
export function queueImport<T>(warehouse: Warehouse, fn: () => Promise<T>): Promise<T> {
  const previous = queues.get(warehouse) ?? Promise.resolve();
  const next = previous.catch(() => {}).then(fn);
  queues.set(warehouse, next.catch(() => {}));
  return next;
}

/** Holds the server-wide import lock on this connection for the whole of fn; onWait is told when another import holds it. */
export async function withImportLock<T>(warehouse: Warehouse, client: Client, onWait: () => void, fn: () => Promise<T>): Promise<T> {
  if (warehouse.kind !== 'postgres') return fn();
  const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [IMPORT_LOCK]);
  if (!rows[0].locked) {
    onWait();
    await client.query('SELECT pg_advisory_lock($1)', [IMPORT_LOCK]);
  }
  try {
    return await fn();
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [IMPORT_LOCK]);
  }
}

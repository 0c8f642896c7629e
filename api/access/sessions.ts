// Server-side sessions: a random id per sign-in, 8 hours idle expiry, sliding.
import { sql } from 'kysely';
import type { Warehouse } from '../../sql/db.ts';
import { accessDb, type Viewer } from './tables.ts';
import { newSecret, sha256 } from './secrets.ts';

export const SESSION_IDLE_HOURS = 8;
// Refreshing last_seen_at on every request would write on every read; once a minute is enough.
const SLIDE_AFTER_SECONDS = 60;

/** Starts a session and returns the cookie value (never stored as such). */
export async function createSession(warehouse: Warehouse, username: string): Promise<string> {
  const id = newSecret();
  const db = accessDb(warehouse);
  await db.insertInto('sessions').values({ id_hash: sha256(id), username }).execute();
  // Expired sessions are swept at each sign-in, so the table stays small without a job.
  await db.deleteFrom('sessions').where('last_seen_at', '<', sql<Date>`now() - make_interval(hours => ${SESSION_IDLE_HOURS})`).execute();
  return id;
}

/** The viewer of a live session (sliding its expiry), or null. */
export async function findSessionViewer(warehouse: Warehouse, id: string): Promise<Viewer | null> {
  const db = accessDb(warehouse);
  const idHash = sha256(id);
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.username', 'sessions.username')
    .select(['users.username', 'users.role', 'users.staff_id'])
    .select(sql<boolean>`sessions.last_seen_at < now() - make_interval(secs => ${SLIDE_AFTER_SECONDS})`.as('stale'))
    .where('sessions.id_hash', '=', idHash)
    .where('sessions.last_seen_at', '>', sql<Date>`now() - make_interval(hours => ${SESSION_IDLE_HOURS})`)
    .executeTakeFirst();
  if (!row) return null;
  if (row.stale) await db.updateTable('sessions').set({ last_seen_at: sql`now()` }).where('id_hash', '=', idHash).execute();
  return { username: row.username, role: row.role, staffId: row.staff_id };
}

export async function deleteSession(warehouse: Warehouse, id: string): Promise<void> {
  await accessDb(warehouse).deleteFrom('sessions').where('id_hash', '=', sha256(id)).execute();
}

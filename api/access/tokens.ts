// API tokens for scripts: printed once at creation, stored as sha-256.
import { sql } from 'kysely';
import type { Warehouse } from '../../sql/db.ts';
import { accessDb, type Viewer } from './tables.ts';
import { newSecret, sha256 } from './secrets.ts';

export const TOKEN_PREFIX = 'ao_';

/** Creates a token for an existing user; returns it (the only time it is visible). */
export async function createToken(warehouse: Warehouse, username: string, label: string | null = null): Promise<{ id: number; token: string }> {
  const token = newSecret(TOKEN_PREFIX);
  const row = await accessDb(warehouse)
    .insertInto('api_tokens')
    .values({ username, token_hash: sha256(token), label })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, token };
}

/** The viewer owning a token, or null for an unknown or removed token (or user). */
export async function findTokenViewer(warehouse: Warehouse, token: string): Promise<Viewer | null> {
  const db = accessDb(warehouse);
  const tokenHash = sha256(token);
  const row = await db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.username', 'api_tokens.username')
    .select(['users.username', 'users.role', 'users.staff_id', 'api_tokens.id'])
    .where('api_tokens.token_hash', '=', tokenHash)
    .executeTakeFirst();
  if (!row) return null;
  await db.updateTable('api_tokens').set({ last_used_at: sql`now()` }).where('id', '=', row.id).execute();
  return { username: row.username, role: row.role, staffId: row.staff_id };
}

export async function listTokens(warehouse: Warehouse, username?: string) {
  let query = accessDb(warehouse).selectFrom('api_tokens').select(['id', 'username', 'label', 'created_at', 'last_used_at']).orderBy('id');
  if (username) query = query.where('username', '=', username);
  return query.execute();
}

export async function removeToken(warehouse: Warehouse, id: number): Promise<boolean> {
  const result = await accessDb(warehouse).deleteFrom('api_tokens').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

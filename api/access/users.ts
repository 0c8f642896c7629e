// Users of the dashboard: create or update, remove (with their sessions and tokens), list.
import type { Warehouse } from '../../sql/db.ts';
import { accessDb, roles, type Role } from './tables.ts';
import { hashPassword } from './passwords.ts';

export const usernamePattern = /^[A-Za-z0-9._@-]{1,64}$/;

export interface UserInput {
  username: string;
  role: Role;
  staffId?: string | null;
  password: string;
}

export interface UserSummary {
  username: string;
  role: Role;
  staffId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** Creates or updates a user; an update signs the user out everywhere (new password or role). */
export async function saveUser(warehouse: Warehouse, input: UserInput): Promise<'created' | 'updated'> {
  if (!usernamePattern.test(input.username)) throw new Error('A username has 1 to 64 letters, digits or . _ @ -');
  if (!roles.includes(input.role)) throw new Error(`The role must be one of ${roles.join(', ')}.`);
  const staffId = input.role === 'supervisor' ? (input.staffId ?? null) : null;
  if (input.role === 'supervisor' && !staffId) throw new Error('A supervisor needs --staff-id (their staff id in the extract).');
  const passwordHash = await hashPassword(input.password);
  const db = accessDb(warehouse);
  return db.transaction().execute(async (tx) => {
    const existing = await tx.selectFrom('users').select('username').where('username', '=', input.username).executeTakeFirst();
    if (existing) {
      await tx
        .updateTable('users')
        .set({ role: input.role, staff_id: staffId, password_hash: passwordHash, updated_at: new Date() })
        .where('username', '=', input.username)
        .execute();
      await tx.deleteFrom('sessions').where('username', '=', input.username).execute();
      return 'updated' as const;
    }
    await tx.insertInto('users').values({ username: input.username, role: input.role, staff_id: staffId, password_hash: passwordHash }).execute();
    return 'created' as const;
  });
}

/** Removes a user; sessions and tokens go with it (ON DELETE CASCADE). */
export async function removeUser(warehouse: Warehouse, username: string): Promise<boolean> {
  const result = await accessDb(warehouse).deleteFrom('users').where('username', '=', username).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function listUsers(warehouse: Warehouse): Promise<UserSummary[]> {
  const rows = await accessDb(warehouse)
    .selectFrom('users')
    .select(['username', 'role', 'staff_id', 'created_at', 'updated_at'])
    .orderBy('username')
    .execute();
  return rows.map((u) => ({ username: u.username, role: u.role, staffId: u.staff_id, createdAt: u.created_at, updatedAt: u.updated_at }));
}

export async function countUsers(warehouse: Warehouse): Promise<number> {
  const row = await accessDb(warehouse).selectFrom('users').select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
  return Number(row.count);
}

/** The stored hash and role for a sign-in; undefined when there is no such user. */
export async function findUserCredentials(warehouse: Warehouse, username: string) {
  return accessDb(warehouse)
    .selectFrom('users')
    .select(['username', 'role', 'staff_id', 'password_hash'])
    .where('username', '=', username)
    .executeTakeFirst();
}

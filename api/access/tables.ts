// Kysely types of the access tables (sql/migrations/006_access.sql), kept in
// api/ because nothing outside the API reads them.
import type { ColumnType, Generated, Kysely } from 'kysely';
import type { Database } from '../../sql/schema.ts';
import type { Warehouse } from '../../sql/db.ts';

export const roles = ['leader', 'supervisor', 'funder'] as const;
export type Role = (typeof roles)[number];

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface UsersTable {
  username: string;
  role: Role;
  staff_id: string | null;
  password_hash: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SessionsTable {
  id_hash: string;
  username: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
}

export interface ApiTokensTable {
  id: Generated<number>;
  username: string;
  token_hash: string;
  label: string | null;
  created_at: Timestamp;
  last_used_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface SignInAttemptsTable {
  id: Generated<number>;
  at: Timestamp;
  username: string;
  address: string;
  succeeded: boolean;
  /** Claimed, password not yet checked (counts as a failure meanwhile). */
  pending: Generated<boolean>;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: Timestamp;
  username: string | null;
  role: string | null;
  action: string;
  detail: ColumnType<Record<string, unknown>, string | undefined, string>;
  address: string | null;
}

export interface AccessDatabase extends Database {
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  sign_in_attempts: SignInAttemptsTable;
  audit_log: AuditLogTable;
}

/** The warehouse's Kysely instance, typed with the access tables too. */
export function accessDb(warehouse: Warehouse): Kysely<AccessDatabase> {
  return warehouse.db.withTables<{
    users: UsersTable;
    sessions: SessionsTable;
    api_tokens: ApiTokensTable;
    sign_in_attempts: SignInAttemptsTable;
    audit_log: AuditLogTable;
  }>() as unknown as Kysely<AccessDatabase>;
}

/** Who is asking: the signed-in user or the owner of an API token. */
export interface Viewer {
  username: string;
  role: Role;
  staffId: string | null;
}

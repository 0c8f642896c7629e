// The audit log: who did what, when and from where (no figures, no client data).
import type { Warehouse } from '../../sql/db.ts';
import { accessDb, type Viewer } from './tables.ts';

export type AuditAction =
  | 'sign_in' | 'sign_in_failed' | 'sign_out' | 'import' | 'csv_export'
  | 'token_created' | 'user_saved' | 'user_removed';

export interface AuditEntry {
  action: AuditAction;
  viewer?: Viewer | null;
  username?: string | null;
  address?: string | null;
  detail?: Record<string, unknown>;
}

export async function audit(warehouse: Warehouse, entry: AuditEntry): Promise<void> {
  await accessDb(warehouse)
    .insertInto('audit_log')
    .values({
      action: entry.action,
      username: entry.viewer?.username ?? entry.username?.slice(0, 200) ?? null,
      role: entry.viewer?.role ?? null,
      address: entry.address ?? null,
      detail: JSON.stringify(entry.detail ?? {}),
    })
    .execute();
}

// The audit log: who did what, when and from where (no figures, no client data).
import { importExtract, type ImportOptions, type ImportResult } from '../../etl/importExtract.ts';
import type { Warehouse } from '../../sql/db.ts';
import { accessDb, type Viewer } from './tables.ts';

export type AuditAction =
  | 'sign_in' | 'sign_in_failed' | 'sign_out' | 'import' | 'csv_export'
  | 'token_created' | 'token_removed' | 'user_saved' | 'user_removed';

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

/**
 * Runs an import and writes its audit log row (interfaces.md: every import has one): its run and outcome, or
 * `failed` when it throws (the error goes on to the caller). `who` says who asked and adds its own details.
 */
export async function auditedImport(
  warehouse: Warehouse,
  folder: string,
  options: ImportOptions,
  who: Omit<AuditEntry, 'action'> & { detail: Record<string, unknown> },
): Promise<ImportResult> {
  const record = (outcome: Record<string, unknown>) => audit(warehouse, { ...who, action: 'import', detail: { ...outcome, ...who.detail } });
  let result: ImportResult;
  try {
    result = await importExtract(warehouse, folder, options);
  } catch (error) {
    await record({ status: 'failed' }).catch(() => {});
    throw error;
  }
  await record({ runId: result.runId, status: result.status });
  return result;
}

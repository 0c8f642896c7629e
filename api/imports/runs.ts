// Import runs and their rejected rows, as the Data page shows them (leaders only).
import { sql } from 'kysely';
import type { Warehouse } from '../../sql/db.ts';

export interface ImportRunView {
  id: number;
  status: string;
  startedAt: string;
  finishedAt: string | null;
  asOf: string | null;
  source: string | null;
  replace: boolean;
  files: Record<string, { read: number; loaded: number; rejected: number }>;
  warnings: string[];
  message: string | null;
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

function toView(r: Record<string, any>): ImportRunView {
  return {
    id: r.id, status: r.status, startedAt: iso(r.started_at)!, finishedAt: iso(r.finished_at), asOf: r.as_of, source: r.source,
    replace: r.replace_all, files: r.files ?? {}, warnings: r.warnings ?? [], message: r.message,
  };
}

const runColumns = ['id', 'status', 'started_at', 'finished_at', 'as_of', 'source', 'replace_all', 'files', 'warnings', 'message'] as const;

/** Runs newest first; the temp folder of an upload is not shown. */
export async function listImportRuns(warehouse: Warehouse, limit = 100): Promise<ImportRunView[]> {
  const rows = await warehouse.db.selectFrom('import_runs').select(runColumns).orderBy('id', 'desc').limit(limit).execute();
  return rows.map(toView);
}

/** One run with its rejected rows counted by file and reason. */
export async function getImportRun(warehouse: Warehouse, id: number) {
  const run = await warehouse.db.selectFrom('import_runs').select(runColumns).where('id', '=', id).executeTakeFirst();
  if (!run) return null;
  const reasons = await warehouse.db
    .selectFrom('import_rejects')
    .select(['file', 'reason', sql<number>`count(*)`.as('count')])
    .where('run_id', '=', id)
    .groupBy(['file', 'reason'])
    .orderBy('file')
    .orderBy('reason')
    .execute();
  return { ...toView(run), rejectsByReason: reasons.map((r) => ({ file: r.file, reason: r.reason, count: Number(r.count) })) };
}

export interface RejectsQuery {
  page: number;
  pageSize: number;
  reason?: string;
  file?: string;
}

/** One page of a run's rejected rows, in file and line order. */
export async function getImportRejects(warehouse: Warehouse, runId: number, q: RejectsQuery) {
  let base = warehouse.db.selectFrom('import_rejects').where('run_id', '=', runId);
  if (q.reason) base = base.where('reason', '=', q.reason);
  if (q.file) base = base.where('file', '=', q.file);
  const total = await base.select(sql<number>`count(*)`.as('count')).executeTakeFirstOrThrow();
  const rows = await base
    .select(['file', 'line', 'column_name', 'reason', 'raw_line'])
    .orderBy('file')
    .orderBy('line')
    .orderBy('id')
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize)
    .execute();
  return {
    runId,
    total: Number(total.count),
    page: q.page,
    pageSize: q.pageSize,
    rejects: rows.map((r) => ({ file: r.file, line: r.line, column: r.column_name, reason: r.reason, rawLine: r.raw_line })),
  };
}

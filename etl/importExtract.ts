// Imports one extract folder: checks, stages, cross-checks and upserts every
// file and refreshes the marts in one transaction, with a run record around it.
import fs from 'node:fs';
import path from 'node:path';
import type { Client, Warehouse } from '../sql/db.ts';
import { martsAreCurrent, refreshMarts, settleMarts } from '../sql/marts.ts';
import { suspendIndexes } from '../sql/suspendIndexes.ts';
import { fileSpec, files, reasons, type CsvFile, type FileSpec } from './contract.ts';
import { ExtractFileError, readCsvHeader, readRawLines } from './csvRecords.ts';
import { importDate } from './dates.ts';
import { readExtractInfo, readExtractSettings, type ExtractSettings } from './extractSettings.ts';
import { queueImport, withImportLock } from './importLock.ts';
import { clearWarehouse } from './queries/clearWarehouse.ts';
import { countStoredEpisodes } from './queries/countStoredEpisodes.ts';
import { createStagingTables, stagingTable } from './queries/createStagingTables.ts';
import { failInterruptedRuns } from './queries/failInterruptedRuns.ts';
import { finishImportRun, type RunOutcome } from './queries/finishImportRun.ts';
import { insertRejects, type RejectedRow } from './queries/insertRejects.ts';
import { isWarehouseEmpty } from './queries/isWarehouseEmpty.ts';
import { recordAsOf } from './queries/recordAsOf.ts';
import { findStrayAssignments } from './queries/findStrayAssignments.ts';
import { latestCommittedAsOf } from './queries/latestCommittedAsOf.ts';
import { mergeAssignments } from './queries/mergeAssignments.ts';
import { rejectDuplicateRows } from './queries/rejectDuplicateRows.ts';
import { rejectUnknownAssignmentReferences } from './queries/rejectUnknownAssignmentReferences.ts';
import { rejectUnknownEpisodeReferences } from './queries/rejectUnknownEpisodeReferences.ts';
import { rejectUnknownSupervisors } from './queries/rejectUnknownSupervisors.ts';
import { startImportRun } from './queries/startImportRun.ts';
import { upsertClients } from './queries/upsertClients.ts';
import { upsertEpisodes } from './queries/upsertEpisodes.ts';
import { upsertStaff } from './queries/upsertStaff.ts';
import { rejectedRowText, resolveHeader, type HeaderLayout } from './rowValidator.ts';
import { stageFile, type FileProgress } from './stageFile.ts';

export type ImportProgress =
  | { stage: 'waiting'; message: string }
  | ({ stage: 'reading' } & FileProgress)
  | { stage: 'checking' | 'writing' | 'marts' };

export interface ImportOptions {
  /** Replace the whole warehouse content with this extract. */
  replace?: boolean;
  /** Overrides extract.json's asOf; default: extract.json, else today (UTC). */
  asOf?: string;
  /** Share of rejected rows (over all files) above which nothing is written; default 0.05. */
  maxRejectRate?: number;
  /** Staged episodes + assignments from which a delta rebuilds foreign keys and indexes instead of maintaining them row by row (default 50,000, and at least a quarter of what is stored). */
  bulkRows?: number;
  onProgress?: (progress: ImportProgress) => void;
}

export interface FileCounts {
  read: number;
  loaded: number;
  rejected: number;
}

export interface RejectExample {
  file: string;
  line: number;
  column: string;
  reason: string;
  message: string;
  raw: string;
}

export interface ImportResult {
  runId: number;
  status: 'committed' | 'aborted';
  asOf: string;
  source: string;
  files: Record<string, FileCounts>;
  rejectsByReason: Record<string, number>;
  examples: RejectExample[];
  warnings: string[];
  message?: string;
}

const EXAMPLES = 10;
// Below this many staged episodes and assignments, per-row key checks cost less than rebuilding.
const BULK_ROWS = 50_000;

/** Imports the extract in `folder`; resolves with the outcome, throws only on unexpected failures (run marked failed). */
export function importExtract(warehouse: Warehouse, folder: string, options: ImportOptions = {}): Promise<ImportResult> {
  const onWait = () => options.onProgress?.({ stage: 'waiting', message: 'Another import is running; this one starts when it finishes.' });
  return queueImport(warehouse, () =>
    warehouse.withClient((client) =>
      withImportLock(warehouse, client, onWait, async () => {
        await failInterruptedRuns(client);
        const runId = await startImportRun(client, path.resolve(folder), Boolean(options.replace));
        return runImport(client, warehouse.kind, runId, folder, options);
      }),
    ),
  );
}

async function runImport(client: Client, kind: Warehouse['kind'], runId: number, folder: string, options: ImportOptions): Promise<ImportResult> {
  const result: ImportResult = {
    runId,
    status: 'aborted',
    asOf: options.asOf ?? importDate(),
    source: path.basename(path.resolve(folder)),
    files: {},
    rejectsByReason: {},
    examples: [],
    warnings: [],
  };
  let inTransaction = false;
  try {
    const info = readExtractInfo(folder);
    result.asOf = options.asOf ?? info.asOf ?? result.asOf;
    result.source = info.source ?? result.source;
    result.warnings.push(...info.warnings);
    // Taken as given (an extract made ahead of UTC may carry tomorrow's date), but said: records up to it pass as known.
    const today = importDate();
    if (result.asOf > today) result.warnings.push(`The as-of date ${result.asOf} is after today (${today}); records dated up to it are accepted. Check extract.json or --as-of.`);
    const settings = readExtractSettings(folder, info);
    const present = await checkFiles(folder, settings);

    await client.query('BEGIN');
    inTransaction = true;
    // JIT compiling these one-off statements costs more than it saves (seen: 0.5 s of a 0.6 s check).
    if (kind === 'postgres') await client.query('SET LOCAL jit = off');
    // Keys and indexes are rebuilt after bulk writes; with room to sort in memory that takes seconds, not minutes.
    if (kind === 'postgres') await client.query("SET LOCAL maintenance_work_mem = '512MB'");
    const { rejects, incompleteSets } = await stageAndCheck(client, folder, present, settings, result, options);
    const read = Object.values(result.files).reduce((sum, f) => sum + f.read, 0);
    const maxRejectRate = options.maxRejectRate ?? 0.05;
    summarise(result, rejects);

    if (read > 0 && rejects.length / read > maxRejectRate) {
      await client.query('ROLLBACK');
      inTransaction = false;
      for (const counts of Object.values(result.files)) counts.loaded = 0;
      result.message =
        `${rejects.length} of ${read} rows (${percent(rejects.length / read)}) were rejected, more than the allowed ${percent(maxRejectRate)}; ` +
        'nothing was imported. Fix the extract (see the rejects) and import it again.';
      await client.query('BEGIN');
      await insertRejects(client, runId, rejects);
      await finishImportRun(client, runId, outcome(result, 'aborted'));
      await client.query('COMMIT');
      return result;
    }

    options.onProgress?.({ stage: 'writing' });
    if (options.replace) await clearWarehouse(client);
    const intoEmpty = Boolean(options.replace) || (await isWarehouseEmpty(client));
    const staged = (result.files['episodes.csv']?.loaded ?? 0) + (result.files['assignments.csv']?.loaded ?? 0);
    const restore = intoEmpty
      ? await suspendIndexes(client, ['clients', 'episodes', 'assignments'], { primaryKeys: true })
      : (await isBulkLoad(client, staged, options.bulkRows ?? BULK_ROWS)) ? await suspendIndexes(client, ['episodes', 'assignments']) : null;
    let changed = 0;
    if (present.includes('staff.csv')) changed += await upsertStaff(client, runId);
    if (present.includes('clients.csv')) changed += await upsertClients(client, runId, intoEmpty);
    const episodesChanged = present.includes('episodes.csv') ? await upsertEpisodes(client, runId, intoEmpty) : 0;
    changed += episodesChanged;
    if (present.includes('assignments.csv')) changed += await mergeAssignments(client, runId, intoEmpty, [...incompleteSets]);
    await restore?.();
    // Only an episode this run wrote can have moved away from its stored assignments.
    if (!intoEmpty && episodesChanged > 0) {
      const stray = await findStrayAssignments(client, runId);
      if (stray.count > 0) {
        result.warnings.push(
          `${stray.count} stored ${stray.count === 1 ? 'assignment lies' : 'assignments lie'} outside ${stray.count === 1 ? 'its episode' : 'their episodes'} as this extract re-sent ${stray.count === 1 ? 'it' : 'them'} (for example episode ${stray.example}); they were kept: send assignments.csv rows for those episodes to replace them.`,
        );
      }
    }
    await insertRejects(client, runId, rejects);
    options.onProgress?.({ stage: 'marts' });
    // The marts follow from the records, the latest as-of date (caseload months run up to it) and their
    // definition: an extract that changes none of these, like today's full extract resent, leaves them as they are.
    const previousAsOf = await latestCommittedAsOf(client, runId);
    await recordAsOf(client, runId, result.asOf);
    const rebuilt = changed > 0 || previousAsOf === null || result.asOf > previousAsOf || !(await martsAreCurrent(client));
    if (rebuilt) await refreshMarts(client);
    result.status = 'committed';
    await finishImportRun(client, runId, outcome(result, 'committed'));
    await client.query('COMMIT');
    inTransaction = false;
    // Housekeeping on committed data: a failure here changes no figure, so the import still reports success.
    if (rebuilt) await settleMarts(client).catch((error) => result.warnings.push(`Tidying the marts after the import failed (figures are unaffected, the facilitator comparison may be slower): ${(error as Error).message}`));
    return result;
  } catch (error) {
    if (inTransaction) await client.query('ROLLBACK');
    if (error instanceof ExtractFileError) {
      result.files = {};
      result.message = error.message;
      await finishImportRun(client, runId, outcome(result, 'aborted'));
      return result;
    }
    await finishImportRun(client, runId, { ...outcome(result, 'failed'), message: `Unexpected failure: ${(error as Error).message}` }).catch(() => {});
    throw error;
  }
}

/** Large against what is stored: rebuilding foreign keys and indexes once beats maintaining them row by row. */
async function isBulkLoad(client: Client, staged: number, bulkRows: number): Promise<boolean> {
  if (staged < bulkRows) return false;
  return staged * 4 >= (await countStoredEpisodes(client));
}

/** File-level checks before anything is written: required files present, every header usable. */
async function checkFiles(folder: string, settings: ExtractSettings): Promise<CsvFile[]> {
  if (!fs.existsSync(folder) || !fs.statSync(folder).isDirectory()) {
    throw new ExtractFileError('', `The extract folder ${folder} does not exist or is not a folder.`);
  }
  const present: CsvFile[] = [];
  for (const spec of files) {
    const full = path.join(folder, spec.file);
    if (!fs.existsSync(full)) {
      if (spec.required) throw new ExtractFileError(spec.file, `The extract has no ${spec.file}, which the contract requires.`);
      continue;
    }
    if (!fs.statSync(full).isFile()) throw new ExtractFileError(spec.file, `${spec.file} in the extract is not a file (a folder?); it must be a CSV file.`);
    const header = await readCsvHeader(full, spec.file);
    if (!header) throw new ExtractFileError(spec.file, `${spec.file} is empty: it needs at least a header row.`);
    resolveHeader(spec, header, settings);
    present.push(spec.file);
  }
  return present;
}

/**
 * Stages every file and applies the set-based rules (duplicates, references); returns every rejected row, and
 * the episodes with a rejected assignment row (their assignments in the extract are incomplete).
 */
async function stageAndCheck(
  client: Client,
  folder: string,
  present: CsvFile[],
  settings: ExtractSettings,
  result: ImportResult,
  options: ImportOptions,
): Promise<{ rejects: RejectedRow[]; incompleteSets: Set<string> }> {
  await createStagingTables(client);
  const incompleteSets = new Set<string>();
  const rejects = new Map<CsvFile, RejectedRow[]>();
  const rejectedKeys = new Map<CsvFile, string[][]>();
  const layouts = new Map<CsvFile, HeaderLayout>();
  for (const file of present) {
    const staged = await stageFile(client, folder, fileSpec(file), settings, result.asOf, (p) => options.onProgress?.({ stage: 'reading', ...p }));
    result.files[file] = { read: staged.read, loaded: 0, rejected: 0 };
    result.warnings.push(...staged.warnings);
    rejects.set(file, staged.rejects);
    rejectedKeys.set(file, staged.rejectedKeys);
    if (staged.layout) layouts.set(file, staged.layout);
    for (const set of staged.rejectedSets) incompleteSets.add(set);
    // Temporary tables are never auto-analysed; without row counts the planner picks nested loops.
    await client.query(`ANALYZE ${stagingTable[file]}`);
  }

  options.onProgress?.({ stage: 'checking' });
  const replace = Boolean(options.replace);
  // Rows found by SQL get their raw text afterwards: accepted rows never keep it in memory.
  const late = new Map<CsvFile, Omit<RejectedRow, 'raw'>[]>();
  const add = (file: CsvFile, row: Omit<RejectedRow, 'raw' | 'file'>) => {
    if (!late.has(file)) late.set(file, []);
    late.get(file)!.push({ file, ...row });
  };
  // Duplicates first and in load order, so a reference to a duplicated id cascades.
  for (const file of present) {
    const spec = fileSpec(file);
    for (const { line, set } of await rejectDuplicateRows(client, file, rejectedKeys.get(file)!)) {
      add(file, duplicateReject(spec, line));
      if (set !== null) incompleteSets.add(set);
    }
    if (file === 'staff.csv') {
      for (const r of await rejectUnknownSupervisors(client, replace)) {
        add(file, { line: r.line, column: 'supervisor_id', reason: reasons.unknownSupervisor, message: `supervisor_id "${r.supervisor_id}" is not an accepted staff member of this extract or the warehouse` });
      }
    }
    if (file === 'episodes.csv') {
      for (const r of await rejectUnknownEpisodeReferences(client, replace)) {
        const isClient = r.column_name === 'client_id';
        add(file, {
          line: r.line,
          column: r.column_name,
          reason: isClient ? reasons.unknownClient : reasons.unknownStaff,
          message: `${r.column_name} "${r.reference}" is not an accepted ${isClient ? 'client' : 'staff member'} of this extract or the warehouse`,
        });
      }
    }
    if (file === 'assignments.csv') {
      for (const r of await rejectUnknownAssignmentReferences(client, replace)) {
        add(file, assignmentReject(r));
        incompleteSets.add(r.episode_id);
      }
    }
  }

  const all: RejectedRow[] = [];
  for (const file of present) {
    const found = late.get(file) ?? [];
    const layout = layouts.get(file)!;
    const raw = found.length
      ? await readRawLines(path.join(folder, file), file, new Set(found.map((r) => r.line)), (fields, text) => rejectedRowText(layout, fields, text))
      : new Map<number, string>();
    const fileRejects = [...rejects.get(file)!, ...found.map((r) => ({ ...r, raw: raw.get(r.line) ?? '' }))].sort((a, b) => a.line - b.line);
    result.files[file].rejected = fileRejects.length;
    result.files[file].loaded = result.files[file].read - fileRejects.length;
    all.push(...fileRejects);
  }
  return { rejects: all, incompleteSets };
}

function duplicateReject(spec: FileSpec, line: number): Omit<RejectedRow, 'raw' | 'file'> {
  if (spec.idColumn) {
    return { line, column: spec.idColumn, reason: reasons.duplicateId, message: `${spec.idColumn} appears on more than one row of ${spec.file}; every copy is rejected` };
  }
  return { line, column: 'start_date', reason: reasons.duplicateAssignment, message: 'the same episode, staff member and start_date appear on more than one row; every copy is rejected' };
}

function assignmentReject(r: Awaited<ReturnType<typeof rejectUnknownAssignmentReferences>>[number]): Omit<RejectedRow, 'raw' | 'file'> {
  if (r.problem === 'episode') {
    return { line: r.line, column: r.column_name, reason: reasons.unknownEpisode, message: `episode_id "${r.reference}" is not an accepted episode of this extract or the warehouse` };
  }
  if (r.problem === 'staff') {
    return { line: r.line, column: r.column_name, reason: reasons.unknownStaff, message: `staff_id "${r.reference}" is not an accepted staff member of this extract or the warehouse` };
  }
  const dates = r.episode_end ? `${r.episode_start} to ${r.episode_end}` : `from ${r.episode_start}, still open`;
  return { line: r.line, column: r.column_name, reason: reasons.outsideEpisode, message: `${r.column_name} ${r.start_date} lies outside episode "${r.reference}" (${dates})` };
}

function summarise(result: ImportResult, rejects: RejectedRow[]): void {
  for (const r of rejects) result.rejectsByReason[r.reason] = (result.rejectsByReason[r.reason] ?? 0) + 1;
  result.examples = rejects.slice(0, EXAMPLES).map((r) => ({ ...r }));
}

function outcome(result: ImportResult, status: RunOutcome['status']): RunOutcome {
  return { status, asOf: result.asOf, source: result.source, files: result.files, warnings: result.warnings, message: result.message ?? null };
}

const percent = (share: number) => `${(share * 100).toFixed(share < 0.01 ? 2 : 1)}%`;

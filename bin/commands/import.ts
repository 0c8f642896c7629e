// `outcomes import <folder>`: migrates, imports one extract, prints a summary
// (or one JSON object); exit 0 committed, 1 aborted, 2 bad usage.
import fs from 'node:fs';
import os from 'node:os';
import { auditedImport } from '../../api/access/audit.ts';
import type { Config } from '../config.ts';
import { errorSentence } from '../errors.ts';
import { parseOptions, UsageError } from '../usage.ts';
import { openWarehouse, type Warehouse } from '../../sql/db.ts';
import { migrate } from '../../sql/migrate.ts';
import { parseDate } from '../../etl/dates.ts';
import type { ImportProgress, ImportResult } from '../../etl/importExtract.ts';

export async function run(argv: string[], config: Readonly<Config>): Promise<number> {
  const options = parseImportOptions(argv, config);
  const warehouse = await openForImport(config, options.json);
  try {
    return await importInto(warehouse, options);
  } finally {
    await warehouse.close();
  }
}

/**
 * The migrated warehouse; --json promises one object on stdout, so an import that cannot start (the database in
 * use or unreachable) prints one too, `aborted` with no run. The sentence also goes to stderr, with exit 1.
 */
async function openForImport(config: Readonly<Config>, json: boolean): Promise<Warehouse> {
  let warehouse: Warehouse | undefined;
  try {
    warehouse = await openWarehouse(config);
    await migrate(warehouse);
    return warehouse;
  } catch (error) {
    await warehouse?.close().catch(() => {});
    if (json) process.stdout.write(JSON.stringify({ status: 'aborted', runId: null, message: errorSentence(error) }) + '\n');
    throw error;
  }
}

async function importInto(warehouse: Warehouse, { folder, replace, asOf, maxRejectRate, json }: ReturnType<typeof parseImportOptions>): Promise<number> {
  const progress = !json && process.stdout.isTTY ? new ProgressBars(process.stdout) : undefined;
  // Audited under the operating-system user.
  const result = await auditedImport(warehouse, folder, { replace, asOf, maxRejectRate, onProgress: progress && ((p) => progress.update(p)) }, {
    username: os.userInfo().username,
    detail: { folder, replace, via: 'cli' },
  });
  progress?.done();
  if (json) process.stdout.write(JSON.stringify(result) + '\n');
  else process.stdout.write(summary(result));
  if (result.status === 'committed') return 0;
  // An aborted import is an error: its one sentence (naming the file and line where there is one) goes to stderr too.
  process.stderr.write(`outcomes import: ${result.message ?? 'the import was aborted.'}\n`);
  return 1;
}

function parseImportOptions(argv: string[], config: Readonly<Config>) {
  const { values, positionals } = parseOptions({
    args: argv,
    allowPositionals: true,
    options: {
      replace: { type: 'boolean', default: false },
      'as-of': { type: 'string' },
      'max-reject-rate': { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  if (positionals.length !== 1) throw new UsageError('import takes exactly one extract folder, e.g. `outcomes import ./extracts/2025-06-30`.');
  if (!fs.statSync(positionals[0], { throwIfNoEntry: false })?.isDirectory()) throw new UsageError(`${positionals[0]} is not a folder; give the folder that holds the extract's CSV files.`);
  const asOf = values['as-of'];
  if (asOf !== undefined && !(/^\d{4}-\d{2}-\d{2}$/.test(asOf) && parseDate(asOf) === asOf)) {
    throw new UsageError(`--as-of must be a real date written YYYY-MM-DD (got "${asOf}").`);
  }
  const rate = values['max-reject-rate'];
  const maxRejectRate = rate === undefined ? config.maxRejectRate : Number(rate);
  if (rate !== undefined && (rate.trim() === '' || !Number.isFinite(maxRejectRate) || maxRejectRate < 0 || maxRejectRate > 1)) {
    throw new UsageError(`--max-reject-rate must be a share between 0 and 1, e.g. 0.05 (got "${rate}").`);
  }
  return { folder: positionals[0], replace: values.replace, asOf, maxRejectRate, json: values.json };
}

/** The readable summary: rows per file, rejects per reason, the first examples with file:line and column. */
export function summary(result: ImportResult): string {
  const lines: string[] = [];
  const verdict = result.status === 'committed' ? 'Imported' : 'Import aborted for';
  lines.push(`${verdict} ${result.source} (as of ${result.asOf}), run ${result.runId}.`);
  if (result.message) lines.push(result.message);
  const fileNames = Object.keys(result.files);
  if (fileNames.length) {
    const width = Math.max(...fileNames.map((f) => f.length));
    lines.push('', `  ${'file'.padEnd(width)}  ${'read'.padStart(10)}  ${'loaded'.padStart(10)}  ${'rejected'.padStart(10)}`);
    for (const [file, c] of Object.entries(result.files)) {
      lines.push(`  ${file.padEnd(width)}  ${fmt(c.read).padStart(10)}  ${fmt(c.loaded).padStart(10)}  ${fmt(c.rejected).padStart(10)}`);
    }
  }
  const reasons = Object.entries(result.rejectsByReason).sort((a, b) => b[1] - a[1]);
  if (reasons.length) {
    lines.push('', 'Rejected rows by reason:');
    for (const [reason, count] of reasons) lines.push(`  ${fmt(count).padStart(10)}  ${reason}`);
    lines.push('', 'First rejected rows:');
    for (const e of result.examples) lines.push(`  ${e.file}:${e.line} ${e.column || '(row)'}: ${e.reason}: ${e.message}`);
  }
  for (const warning of result.warnings) lines.push(`Warning: ${warning}`);
  return lines.join('\n') + '\n';
}

const fmt = (n: number) => n.toLocaleString('en-US');

/** One bar per file on a terminal, redrawn in place. */
class ProgressBars {
  private current = '';
  private lastDraw = 0;
  constructor(private readonly out: NodeJS.WriteStream) {}

  update(p: ImportProgress): void {
    if (p.stage === 'waiting') return this.line(p.message, true);
    if (p.stage !== 'reading') return this.line({ checking: 'Checking references…', writing: 'Writing the warehouse…', marts: 'Refreshing the marts…' }[p.stage], true);
    if (p.file !== this.current) {
      if (this.current) this.out.write('\n');
      this.current = p.file;
    }
    const now = Date.now();
    if (now - this.lastDraw < 100 && p.bytesRead < p.totalBytes) return;
    this.lastDraw = now;
    const share = p.totalBytes ? p.bytesRead / p.totalBytes : 1;
    const filled = Math.round(share * 30);
    this.out.write(`\r${p.file.padEnd(16)} [${'#'.repeat(filled)}${'-'.repeat(30 - filled)}] ${String(Math.round(share * 100)).padStart(3)}%  ${fmt(p.rows)} rows`);
  }

  done(): void {
    if (this.current) this.out.write('\n');
    this.current = '';
  }

  private line(text: string, newline: boolean): void {
    this.done();
    this.out.write(text + (newline ? '\n' : ''));
  }
}

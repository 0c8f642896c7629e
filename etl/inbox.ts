// Scheduled imports: each new extract folder dropped into the inbox is
// imported once, in name order, then moved to done/ or failed/ with run.json.
// A folder is taken once nothing in it has changed for a while (`settleMs`), so
// an extract still being copied in is not imported half-written.
import fs from 'node:fs';
import path from 'node:path';
import cron from 'node-cron';
import type { Warehouse } from '../sql/db.ts';
import { importExtract, type ImportResult } from './importExtract.ts';

/** What the scheduler writes to; pino's logger fits. */
export interface InboxLog {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface InboxOptions {
  warehouse: Warehouse;
  inbox: string;
  log: InboxLog;
  maxRejectRate?: number;
  /** A folder is taken once neither it nor a file in it has changed for this long (default 15 s). */
  settleMs?: number;
  /** Told of each import's outcome (the server writes its audit log row); a failure here is logged, never thrown. */
  onImported?: (outcome: { folder: string; status: InboxOutcome['status']; runId: number | null }) => Promise<void>;
}

const SETTLE_MS = 15_000;

export interface InboxOutcome {
  folder: string;
  status: 'committed' | 'aborted' | 'failed';
  runId: number | null;
  movedTo: string;
}

const DONE = 'done';
const FAILED = 'failed';
/**
 * What the inbox holds, read once per pass. `waiting`: extract folders in name order, those unchanged for
 * `settleMs` (a folder still being copied keeps changing); a settled folder missing a required file is imported
 * too, so it is aborted with the file named and filed under failed/ instead of waiting unseen. `zips`: zip files,
 * never imported from there (extracts come as folders), so each is named in a warning.
 */
function readInbox(inbox: string, settleMs = SETTLE_MS, now = Date.now()): { waiting: string[]; zips: string[] } {
  if (!fs.existsSync(inbox)) return { waiting: [], zips: [] };
  const entries = fs.readdirSync(inbox, { withFileTypes: true });
  const waiting = entries
    .filter((d) => d.isDirectory() && d.name !== DONE && d.name !== FAILED && !d.name.startsWith('.'))
    .map((d) => d.name)
    // 0 takes every folder at once (a file's time can read a millisecond after Date.now()).
    .filter((name) => settleMs <= 0 || now - lastChange(path.join(inbox, name)) >= settleMs)
    .sort();
  const zips = entries.filter((d) => d.isFile() && /\.zip$/i.test(d.name)).map((d) => d.name).sort();
  return { waiting, zips };
}

/** When the folder or any file in it last changed (ms). */
function lastChange(folder: string): number {
  let latest = fs.statSync(folder).mtimeMs;
  for (const entry of fs.readdirSync(folder)) latest = Math.max(latest, fs.statSync(path.join(folder, entry)).mtimeMs);
  return latest;
}

// Each zip is named once per process, not at every tick.
const warnedZips = new Set<string>();

/** One pass over the inbox; never throws (each failure is logged and its folder moved to failed/). */
export async function importInboxOnce(options: InboxOptions): Promise<InboxOutcome[]> {
  const { warehouse, inbox, log } = options;
  const outcomes: InboxOutcome[] = [];
  let names: string[];
  try {
    const { waiting, zips } = readInbox(inbox, options.settleMs);
    names = waiting;
    for (const zip of zips) {
      if (warnedZips.has(path.join(inbox, zip))) continue;
      warnedZips.add(path.join(inbox, zip));
      log.warn({ inbox, file: zip }, `${zip} in the import inbox is a zip file, which the inbox does not open: unzip it into a folder there, or upload the zip on the Data page.`);
    }
  } catch (error) {
    log.error({ inbox, err: error }, `Could not read the import inbox ${inbox}.`);
    return outcomes;
  }
  for (const name of names) {
    const folder = path.join(inbox, name);
    let record: object;
    let status: InboxOutcome['status'];
    let runId: number | null = null;
    try {
      const result: ImportResult = await importExtract(warehouse, folder, { maxRejectRate: options.maxRejectRate });
      ({ status, runId } = result);
      record = { ...result, folder: name, finishedAt: new Date().toISOString() };
      const details = { folder: name, runId, status, files: result.files, rejectsByReason: result.rejectsByReason };
      if (status === 'committed') log.info(details, `Imported ${name} from the inbox (run ${runId}).`);
      else log.error({ ...details, reason: result.message }, `Import of ${name} from the inbox was aborted: ${result.message}`);
    } catch (error) {
      status = 'failed';
      record = { status, folder: name, message: (error as Error).message, finishedAt: new Date().toISOString() };
      log.error({ folder: name, err: error }, `Import of ${name} from the inbox failed: ${(error as Error).message}`);
    }
    await options.onImported?.({ folder: name, status, runId }).catch((error: Error) => log.error({ folder: name, err: error }, `Could not record the import of ${name}: ${error.message}`));
    try {
      const movedTo = moveWithRecord(inbox, name, status === 'committed' ? DONE : FAILED, record);
      outcomes.push({ folder: name, status, runId, movedTo });
    } catch (error) {
      // Left in place it would be imported again on every tick: say so loudly.
      log.error({ folder: name, err: error }, `Could not move ${name} out of the inbox: ${(error as Error).message}`);
      outcomes.push({ folder: name, status, runId, movedTo: folder });
    }
  }
  return outcomes;
}

/** Writes run.json into the folder and moves it under done/ or failed/ (suffixed if the name is taken). */
function moveWithRecord(inbox: string, name: string, into: string, record: object): string {
  const from = path.join(inbox, name);
  fs.writeFileSync(path.join(from, 'run.json'), JSON.stringify(record, null, 2) + '\n');
  fs.mkdirSync(path.join(inbox, into), { recursive: true });
  let to = path.join(inbox, into, name);
  for (let n = 2; fs.existsSync(to); n++) to = path.join(inbox, into, `${name}-${n}`);
  fs.renameSync(from, to);
  return to;
}

export interface InboxSchedule extends InboxOptions {
  /** A cron expression, e.g. "*\/5 * * * *". */
  schedule: string;
  timezone?: string;
}

/** Runs importInboxOnce on the schedule; a tick that comes while one is still running is skipped. */
export function startInboxSchedule(options: InboxSchedule): { stop(): Promise<void> } {
  if (!cron.validate(options.schedule)) throw new Error(`IMPORT_SCHEDULE "${options.schedule}" is not a valid cron expression.`);
  let running: Promise<unknown> | null = null;
  const task = cron.schedule(
    options.schedule,
    () => {
      if (running) {
        options.log.info({ inbox: options.inbox }, 'Skipped an inbox check: the previous one is still running.');
        return;
      }
      running = importInboxOnce(options).finally(() => (running = null));
    },
    { timezone: options.timezone },
  );
  return {
    async stop() {
      await task.stop();
      await running;
    },
  };
}

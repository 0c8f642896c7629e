// The import inbox: each new extract folder imported once, in name order,
// then moved to done/ or failed/ with its run.json.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../helpers/databases.ts';
import { importInboxOnce, startInboxSchedule, type InboxLog } from '../../../etl/inbox.ts';
import { base, header, snapshot, writeExtract } from './extracts.ts';

const good = (episodes: string[]) => ({
  'staff.csv': base.staff,
  'clients.csv': base.clients,
  'episodes.csv': [header.episodes, ...episodes],
  'extract.json': JSON.stringify({ asOf: '2024-01-01', source: 'inbox test' }),
});

/** As if the folder had been copied in a minute ago and left alone since. */
function settle(folder: string): string {
  const then = new Date(Date.now() - 60_000);
  for (const entry of fs.readdirSync(folder)) fs.utimesSync(path.join(folder, entry), then, then);
  fs.utimesSync(folder, then, then);
  return folder;
}

function recordingLog(): InboxLog & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (_d, message) => lines.push(`info: ${message}`),
    warn: (_d, message) => lines.push(`warn: ${message}`),
    error: (_d, message) => lines.push(`error: ${message}`),
  };
}

describeEachDatabase('import inbox', (get) => {
  it('imports each waiting extract once, in name order, and files it under done/ or failed/', async () => {
    const inbox = fs.mkdtempSync(path.join(os.tmpdir(), 'inbox-'));
    // b sets E2's program after a did, so name order is visible in the result; c lacks a required column; d a required
    // file. still-copying has just changed (a copy in progress, however complete it looks): it waits.
    settle(writeExtract(good(['E1,C1,wrap,S2,2023-01-10,,', 'E2,C2,first,S2,2023-02-01,,']), path.join(inbox, '2024-01-a')));
    settle(writeExtract(good(['E2,C2,second,S2,2023-02-01,,']), path.join(inbox, '2024-01-b')));
    settle(writeExtract({ ...good([]), 'episodes.csv': ['episode_id,client_id', 'E9,C1'] }, path.join(inbox, '2024-01-c')));
    settle(writeExtract({ 'staff.csv': base.staff, 'episodes.csv': [header.episodes] }, path.join(inbox, '2024-01-d')));
    writeExtract(good(['E3,C1,wrap,S2,2023-03-01,,']), path.join(inbox, 'still-copying'));
    const log = recordingLog();

    const outcomes = await importInboxOnce({ warehouse: get().warehouse, inbox, log });

    expect(outcomes.map((o) => [o.folder, o.status, o.movedTo])).toEqual([
      ['2024-01-a', 'committed', path.join(inbox, 'done', '2024-01-a')],
      ['2024-01-b', 'committed', path.join(inbox, 'done', '2024-01-b')],
      ['2024-01-c', 'aborted', path.join(inbox, 'failed', '2024-01-c')],
      ['2024-01-d', 'aborted', path.join(inbox, 'failed', '2024-01-d')],
    ]);
    expect(fs.readdirSync(inbox).sort()).toEqual(['done', 'failed', 'still-copying']);
    const record = JSON.parse(fs.readFileSync(path.join(inbox, 'failed', '2024-01-c', 'run.json'), 'utf8'));
    expect(record).toMatchObject({ status: 'aborted', runId: outcomes[2].runId, folder: '2024-01-c', message: 'episodes.csv has no program column, which the contract requires.' });
    expect(JSON.parse(fs.readFileSync(path.join(inbox, 'done', '2024-01-a', 'run.json'), 'utf8'))).toMatchObject({ status: 'committed', source: 'inbox test' });
    expect((await snapshot(get().warehouse)).episodes.map((e) => (e as { program: string }).program)).toEqual(['wrap', 'second']);
    expect(log.lines).toEqual([
      `info: Imported 2024-01-a from the inbox (run ${outcomes[0].runId}).`,
      `info: Imported 2024-01-b from the inbox (run ${outcomes[1].runId}).`,
      'error: Import of 2024-01-c from the inbox was aborted: episodes.csv has no program column, which the contract requires.',
      'error: Import of 2024-01-d from the inbox was aborted: The extract has no clients.csv, which the contract requires.',
    ]);

    // Nothing new: nothing imported again; the copy, once left alone, is.
    expect(await importInboxOnce({ warehouse: get().warehouse, inbox, log })).toEqual([]);
    settle(path.join(inbox, 'still-copying'));
    expect((await importInboxOnce({ warehouse: get().warehouse, inbox, log })).map((o) => [o.folder, o.status])).toEqual([['still-copying', 'committed']]);
  });

  it('names a zip file dropped in the inbox once, instead of passing over it in silence', async () => {
    const inbox = fs.mkdtempSync(path.join(os.tmpdir(), 'inbox-'));
    fs.writeFileSync(path.join(inbox, 'extract-2024-01.zip'), 'PK');
    const log = recordingLog();
    expect(await importInboxOnce({ warehouse: get().warehouse, inbox, log, settleMs: 0 })).toEqual([]);
    expect(await importInboxOnce({ warehouse: get().warehouse, inbox, log, settleMs: 0 })).toEqual([]);
    expect(log.lines).toEqual([
      'warn: extract-2024-01.zip in the import inbox is a zip file, which the inbox does not open: unzip it into a folder there, or upload the zip on the Data page.',
    ]);
  });

  it('keeps both folders when an extract of the same name arrives again', async () => {
    const inbox = fs.mkdtempSync(path.join(os.tmpdir(), 'inbox-'));
    writeExtract(good(['E1,C1,wrap,S2,2023-01-10,,']), path.join(inbox, 'weekly'));
    await importInboxOnce({ warehouse: get().warehouse, inbox, log: recordingLog(), settleMs: 0 });
    writeExtract(good(['E1,C1,wrap,S2,2023-01-10,,']), path.join(inbox, 'weekly'));
    const told: unknown[] = [];
    const [second] = await importInboxOnce({ warehouse: get().warehouse, inbox, log: recordingLog(), settleMs: 0, onImported: async (o) => void told.push(o) });
    expect(second.movedTo).toBe(path.join(inbox, 'done', 'weekly-2'));
    // The server writes each import's audit log row from this (bin/commands/serve.ts).
    expect(told).toEqual([{ folder: 'weekly', status: 'committed', runId: second.runId }]);
  });

  it('never throws out of a pass, even when the inbox cannot be read', async () => {
    const log = recordingLog();
    const missing = path.join(os.tmpdir(), 'no-such-inbox-' + process.pid);
    expect(await importInboxOnce({ warehouse: get().warehouse, inbox: missing, log })).toEqual([]);
    const notAFolder = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'inbox-')), 'file');
    fs.writeFileSync(notAFolder, 'x');
    expect(await importInboxOnce({ warehouse: get().warehouse, inbox: notAFolder, log })).toEqual([]);
    expect(log.lines).toEqual([`error: Could not read the import inbox ${notAFolder}.`]);
  });

  it('imports on the cron schedule until stopped', async () => {
    const inbox = fs.mkdtempSync(path.join(os.tmpdir(), 'inbox-'));
    settle(writeExtract(good(['E1,C1,wrap,S2,2023-01-10,,']), path.join(inbox, 'scheduled')));
    const schedule = startInboxSchedule({ warehouse: get().warehouse, inbox, schedule: '* * * * * *', timezone: 'UTC', log: recordingLog() });
    try {
      const deadline = Date.now() + 30_000;
      while (!fs.existsSync(path.join(inbox, 'done', 'scheduled', 'run.json')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    } finally {
      await schedule.stop();
    }
    expect(fs.existsSync(path.join(inbox, 'done', 'scheduled', 'run.json'))).toBe(true);
    expect(() => startInboxSchedule({ warehouse: get().warehouse, inbox, schedule: 'every tuesday', log: recordingLog() })).toThrow(
      'IMPORT_SCHEDULE "every tuesday" is not a valid cron expression.',
    );
  });
});

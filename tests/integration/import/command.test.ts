// `outcomes import` as a user runs it: a child process, exit codes, one JSON
// object with --json, a quiet summary when stdout is not a terminal.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresDatabase, engines } from '../../helpers/databases.ts';
import { openWarehouse } from '../../../sql/db.ts';
import { runCli } from './cli.ts';
import { base, extractWith, header } from './extracts.ts';


for (const kind of engines) {
  describe(`outcomes import [${kind}]`, () => {
    let env: Record<string, string>;
    let cleanup: () => Promise<void>;
    beforeAll(async () => {
      if (kind === 'postgres') {
        const { url, drop } = await createPostgresDatabase();
        env = { DATABASE_URL: url };
        cleanup = drop;
      } else {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'import-cli-'));
        env = { PGLITE_DIR: path.join(dir, 'pglite') };
        cleanup = async () => fs.rmSync(dir, { recursive: true, force: true });
      }
    });
    afterAll(() => cleanup?.());

    it('prints one JSON object and exits 0 when the import committed (rejects included)', async () => {
      const folder = extractWith({ 'staff.csv': [...base.staff, 'S3,Casey,facilitator,S1,2020-02-30,,,'] });
      const { code, stdout } = await runCli(['import', folder, '--json', '--max-reject-rate', '0.2'], env);
      expect(code).toBe(0);
      const result = JSON.parse(stdout);
      expect(result).toMatchObject({
        status: 'committed',
        asOf: '2024-01-01',
        source: 'test extract',
        files: { 'staff.csv': { read: 3, loaded: 2, rejected: 1 }, 'clients.csv': { read: 2, loaded: 2, rejected: 0 }, 'episodes.csv': { read: 2, loaded: 2, rejected: 0 } },
        rejectsByReason: { 'bad date': 1 },
        examples: [{ file: 'staff.csv', line: 4, column: 'hire_date', reason: 'bad date', raw: 'S3,Casey,facilitator,S1,2020-02-30,,,' }],
        warnings: [],
      });
    });

    it('exits 1 when the reject-rate guard aborts, and prints a quiet readable summary', async () => {
      // 1 of 7 rows rejected (14.3%) is over the default 5%.
      const folder = extractWith({ 'episodes.csv': [...base.episodes, 'E3,C1,wrap,S2,2023-03-01,,completed'] });
      const { code, stdout, stderr } = await runCli(['import', folder, '--as-of', '2023-12-31'], env);
      expect(code).toBe(1);
      expect(stderr).toBe('outcomes import: 1 of 7 rows (14.3%) were rejected, more than the allowed 5.0%; nothing was imported. Fix the extract (see the rejects) and import it again.\n');
      expect(stdout).not.toContain('\r');
      expect(stdout).toContain('1 of 7 rows (14.3%) were rejected, more than the allowed 5.0%; nothing was imported.');
      expect(stdout).toContain('episodes.csv:4 exit_reason: reason without end date: exit_reason is given but the episode is open (no end_date)');
      expect(stdout).toMatch(/as of 2023-12-31/);
    });

    it('exits 1 with the file and column named when a required column is missing', async () => {
      const folder = extractWith({ 'clients.csv': [header.clients.replace(',gender', ''), 'C1,2010-04-02,black,English,Kent'] });
      const { code, stdout, stderr } = await runCli(['import', folder, '--json'], env);
      expect(code).toBe(1);
      expect(JSON.parse(stdout)).toMatchObject({ status: 'aborted', message: 'clients.csv has no gender column, which the contract requires.' });
      expect(stderr).toBe('outcomes import: clients.csv has no gender column, which the contract requires.\n');
    });

    it('writes an audit log row for every import above, committed or aborted, under the operating-system user', async () => {
      const warehouse = await openWarehouse(kind === 'postgres' ? { databaseUrl: env.DATABASE_URL } : { pgliteDir: env.PGLITE_DIR });
      try {
        const { rows } = await warehouse.withClient((c) =>
          c.query<{ username: string; detail: { status: string; via: string } }>("SELECT username, detail FROM audit_log WHERE action = 'import' ORDER BY id"),
        );
        expect(rows.map((r) => [r.username, r.detail.via, r.detail.status])).toEqual(
          ['committed', 'aborted', 'aborted'].map((status) => [os.userInfo().username, 'cli', status]),
        );
      } finally {
        await warehouse.close();
      }
    });

    it('prints one JSON object with --json also when the import cannot start (database in use, or unreachable)', async () => {
      const folder = extractWith({});
      // PGlite: the folder held by another process (here, this one); PostgreSQL: nothing answering at the address.
      const holder = kind === 'pglite' ? await openWarehouse({ pgliteDir: env.PGLITE_DIR }) : null;
      try {
        const { code, stdout, stderr } = await runCli(['import', folder, '--json'], kind === 'pglite' ? env : { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none' });
        expect(code).toBe(1);
        const result = JSON.parse(stdout);
        expect(result).toEqual({ status: 'aborted', runId: null, message: expect.any(String) });
        expect(result.message).toMatch(kind === 'pglite' ? /in use/ : /^could not reach the database at 127\.0\.0\.1:1/);
        expect(stderr).toBe(`outcomes import: ${result.message}\n`);
      } finally {
        await holder?.close();
      }
    });
  });
}

// Usage is checked before any database is opened, so one engine suffices.
describe('outcomes import usage', () => {
  it('gives the usage on stderr with exit 2 without a command, on stdout with exit 0 for --help', async () => {
    const none = await runCli([], {});
    expect([none.code, none.stdout]).toEqual([2, '']);
    expect(none.stderr).toMatch(/^Usage: outcomes <command>/);
    const help = await runCli(['--help'], {});
    expect([help.code, help.stderr]).toEqual([0, '']);
    expect(help.stdout).toMatch(/^Usage: outcomes <command>/);
    // After a command too.
    const commandHelp = await runCli(['generate', '--help'], {});
    expect([commandHelp.code, commandHelp.stderr]).toEqual([0, '']);
    expect(commandHelp.stdout).toMatch(/^Usage: outcomes <command>[\s\S]*generate <folder>/);
  });

  it('exits 2 on bad usage, saying what was wrong', async () => {
    const folder = extractWith();
    const badRate = await runCli(['import', folder, '--max-reject-rate', 'lots'], {});
    expect([badRate.code, badRate.stderr.trim()]).toEqual([2, 'outcomes import: --max-reject-rate must be a share between 0 and 1, e.g. 0.05 (got "lots").']);
    const unknown = await runCli(['import', folder, '--bogus'], {});
    expect([unknown.code, unknown.stderr.trim()]).toEqual([2, 'outcomes import: --bogus is not an option of this command; run `outcomes --help` for the options.']);
    const noFolder = await runCli(['import'], {});
    expect(noFolder.code).toBe(2);
    const missing = await runCli(['import', path.join(folder, 'nowhere')], {});
    expect([missing.code, missing.stderr]).toEqual([2, expect.stringContaining('is not a folder')]);
  });
});

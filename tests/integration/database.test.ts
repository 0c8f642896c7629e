// The database layer behaves the same on both engines.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { describeEachDatabase } from '../helpers/databases.ts';
import { migrate } from '../../sql/migrate.ts';
import { openWarehouse, DatabaseInUseError } from '../../sql/db.ts';

describeEachDatabase('database layer', (get) => {
  it('migrate is safe to repeat', async () => {
    expect(await migrate(get().warehouse)).toEqual([]);
    const { rows } = await sql<{ n: number }>`SELECT count(*) AS n FROM schema_migrations`.execute(get().warehouse.db);
    expect(rows[0].n).toBeGreaterThanOrEqual(1);
  });

  it('returns dates as YYYY-MM-DD strings and counts as numbers', async () => {
    const { rows } = await sql<{ d: string; n: number; x: number }>`SELECT DATE '2024-02-29' AS d, count(*) AS n, 1.5::numeric AS x FROM (VALUES (1), (2)) v(a)`.execute(get().warehouse.db);
    expect(rows[0]).toEqual({ d: '2024-02-29', n: 2, x: 1.5 });
  });

  it('gives PostgreSQL connections room to sort a period of exits in memory, and exact doubles', async (context) => {
    if (get().warehouse.kind !== 'postgres') context.skip();
    const shown = await get().warehouse.withClient((c) => c.query<{ work_mem: string }>('SHOW work_mem'));
    expect(shown.rows[0].work_mem).toBe('64MB');
    // Doubles come back exact whatever the server's own setting.
    const digits = await get().warehouse.withClient((c) => c.query<{ extra_float_digits: string }>('SHOW extra_float_digits'));
    expect(digits.rows[0].extra_float_digits).toBe('3');
  });

  it('rolls back a failed transaction and loads CSV with COPY', async () => {
    const { warehouse } = get();
    await warehouse.withClient((c) => c.query('CREATE TEMP TABLE IF NOT EXISTS t_copy (a text, b date)'));
    await expect(
      warehouse.transaction(async (c) => {
        await c.copyCsv('t_copy', ['a', 'b'], ['x,2024-01-01\n', '"y, z",\n']);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await warehouse.transaction((c) => c.copyCsv('t_copy', ['a', 'b'], ['x,2024-01-01\n', '"y, z",\n']));
    const rows = await warehouse.withClient((c) => c.query('SELECT a, b FROM t_copy ORDER BY a'));
    expect(rows.rows).toEqual([{ a: 'x', b: '2024-01-01' }, { a: 'y, z', b: null }]);
  });
});

describe.skipIf(!process.env.TEST_DATABASE_URL)('PostgreSQL warehouse close', () => {
  it('ends every connection, also when only raw queries ran, so a command exits at once', async () => {
    // In a process of its own: what is still open after close() (a pooled socket kept `outcomes metric` alive for
    // pg's 10 s idle timeout after printing).
    const script = `
      import { openWarehouse } from ${JSON.stringify(path.resolve('sql/db.ts'))};
      const warehouse = await openWarehouse({ databaseUrl: process.env.TEST_DATABASE_URL });
      await warehouse.withClient((c) => c.query('SELECT 1'));
      await warehouse.close();
      // Fires only if something still holds the process open 3 s after close() (it exits within milliseconds).
      setTimeout(() => console.log('still open: ' + JSON.stringify(process.getActiveResourcesInfo())), 3000).unref();`;
    const { execFileSync } = await import('node:child_process');
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
    expect(out).toBe('');
  });
});

// Commands a lock holder may run, and the advice the refusal gives for each.
const lockHolders = [['import', /\(`outcomes import`\)\. Wait for it to finish/], ['serve', /\(`outcomes serve`\)\. Stop that process first/]] as const;

describe('PGlite lock file', () => {
  it('refuses a second opener of the same folder with a clear message', async () => {
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ao-lock-')), 'pglite');
    const first = await openWarehouse({ pgliteDir: dir });
    // The lock holds the pid; a second process would find it alive. Simulate with our parent's pid.
    fs.writeFileSync(dir + '.lock', String(process.ppid));
    await expect(openWarehouse({ pgliteDir: dir })).rejects.toThrow(DatabaseInUseError);
    await expect(openWarehouse({ pgliteDir: dir })).rejects.toThrow(/in use by process/);
    // The same folder through a symbolic link is the same database, and the same lock.
    const link = path.join(path.dirname(dir), 'link');
    fs.symlinkSync(dir, link);
    await expect(openWarehouse({ pgliteDir: link })).rejects.toThrow(/in use by process/);
    expect(fs.existsSync(link + '.lock')).toBe(false);
    // A holder running an `outcomes` command is named, with what to do about it (read from /proc: Linux only).
    const { spawn } = await import('node:child_process');
    for (const [command, advice] of fs.existsSync('/proc/self/cmdline') ? lockHolders : []) {
      const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)', '/opt/agency/node_modules/.bin/outcomes', command, '/tmp/extract'], { stdio: 'ignore' });
      try {
        fs.writeFileSync(dir + '.lock', String(holder.pid));
        await expect(openWarehouse({ pgliteDir: dir })).rejects.toThrow(advice);
      } finally {
        holder.kill();
      }
    }
    fs.writeFileSync(dir + '.lock', String(process.pid));
    await first.close();
    expect(fs.existsSync(dir + '.lock')).toBe(false);
    const throughLink = await openWarehouse({ pgliteDir: link });
    expect(fs.existsSync(dir + '.lock')).toBe(true);
    await throughLink.close();
  });
});

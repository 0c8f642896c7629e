// A crash mid-import leaves the warehouse as it was: a child process importing
// a large generated extract is killed with SIGKILL, then the next import succeeds.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresDatabase, engines } from '../../helpers/databases.ts';
import { openWarehouse, type WarehouseOptions } from '../../../sql/db.ts';
import { migrate } from '../../../sql/migrate.ts';
import { generateExtract } from '../../../etl/generate/index.ts';
import { importExtract } from '../../../etl/importExtract.ts';
import { startCli } from './cli.ts';
import { base, extractWith, header, snapshot } from './extracts.ts';

const until = async (condition: () => Promise<boolean> | boolean, what: string, timeoutMs = 120_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

/** Bytes of the files under a folder (files may come and go while it is read). */
function folderBytes(dir: string): number {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += fs.statSync(path.join(entry.parentPath, entry.name), { throwIfNoEntry: false })?.size ?? 0;
  }
  return total;
}

let big: string;
beforeAll(async () => {
  big = fs.mkdtempSync(path.join(os.tmpdir(), 'big-extract-'));
  // About 110,000 episodes: long enough to import that the kill lands mid-way.
  await generateExtract(big, { seed: 3, clients: 60_000, facilitators: 150 });
});
afterAll(() => fs.rmSync(big, { recursive: true, force: true }));

for (const kind of engines) {
  describe(`import killed mid-way [${kind}]`, () => {
    let options: WarehouseOptions;
    let env: Record<string, string>;
    let midImport: () => Promise<void>;
    let cleanup: () => Promise<void>;

    beforeAll(async () => {
      if (kind === 'postgres') {
        const { url, drop } = await createPostgresDatabase();
        options = { databaseUrl: url };
        env = { DATABASE_URL: url };
        cleanup = drop;
        // Mid-load: the child's connection is streaming rows into a staging table.
        midImport = () =>
          until(async () => {
            const c = new pg.Client({ connectionString: url });
            await c.connect();
            try {
              const { rows } = await c.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'COPY \"stage_%'");
              return rows[0].n > 0;
            } finally {
              await c.end();
            }
          }, 'the child to start copying');
      } else {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'import-kill-'));
        options = { pgliteDir: path.join(dir, 'pglite') };
        env = { PGLITE_DIR: options.pgliteDir! };
        cleanup = async () => fs.rmSync(dir, { recursive: true, force: true });
        // PGlite cannot be asked from outside: wait for the child's lock file, then for its data folder to grow by
        // 8 MB (the staged rows' WAL), however slow the machine.
        midImport = async () => {
          await until(() => fs.existsSync(path.resolve(options.pgliteDir!) + '.lock'), "the child's lock file");
          const start = folderBytes(options.pgliteDir!);
          await until(() => folderBytes(options.pgliteDir!) > start + 8 * 2 ** 20, 'the child to write staged rows');
        };
      }
    });
    afterAll(() => cleanup?.());

    it('leaves the warehouse exactly as before, and the next import succeeds', async () => {
      let warehouse = await openWarehouse(options);
      await migrate(warehouse);
      expect((await importExtract(warehouse, extractWith({ 'assignments.csv': base.assignments }))).status).toBe('committed');
      const before = await snapshot(warehouse);
      await warehouse.close();

      const child = startCli(['import', big, '--replace'], env);
      const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
      await midImport();
      child.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');

      warehouse = await openWarehouse(options); // takes over PGlite's stale lock file
      try {
        expect(await snapshot(warehouse)).toEqual(before);
        const killed = await warehouse.withClient(async (c) => (await c.query<{ id: number; status: string }>('SELECT id, status FROM import_runs WHERE folder = $1', [big])).rows);
        expect(killed).toEqual([{ id: expect.any(Number), status: 'running' }]);

        const next = await importExtract(warehouse, extractWith({ 'episodes.csv': [header.episodes, base.episodes[1], 'E3,C2,wrap,S2,2023-08-01,,'] }));
        expect(next.status).toBe('committed');
        expect((await snapshot(warehouse)).episodes.map((e) => (e as { episode_id: string }).episode_id)).toEqual(['E1', 'E2', 'E3']);
        const run = await warehouse.withClient(async (c) => (await c.query<{ status: string; message: string }>('SELECT status, message FROM import_runs WHERE id = $1', [killed[0].id])).rows[0]);
        expect(run).toEqual({ status: 'failed', message: 'The import process stopped before finishing; nothing of this run was stored.' });
      } finally {
        await warehouse.close();
      }
    });
  });
}

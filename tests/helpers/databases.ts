// Runs a suite on every engine: PGlite always, PostgreSQL when
// TEST_DATABASE_URL is set. Each suite gets its own fresh, migrated database,
// so suites (and developers) never see each other's rows.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import { openWarehouse, type Warehouse, type DatabaseKind } from '../../sql/db.ts';
import { migrate } from '../../sql/migrate.ts';

export interface TestDatabase {
  kind: DatabaseKind;
  /** Connection options for openWarehouse (for child processes too). */
  options: { databaseUrl?: string; pgliteDir?: string };
  warehouse: Warehouse;
}

export const engines: DatabaseKind[] = process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

/** Creates an empty PostgreSQL database on the test server; returns its URL and a dropper. */
export async function createPostgresDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const adminUrl = process.env.TEST_DATABASE_URL!;
  const name = `ao_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = '/' + name;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** Opens a fresh migrated database of the given kind. `pgliteDir` defaults to memory. */
export async function openTestDatabase(kind: DatabaseKind, pgliteDir = 'memory://'): Promise<TestDatabase & { dispose: () => Promise<void> }> {
  if (kind === 'postgres') {
    const { url, drop } = await createPostgresDatabase();
    const warehouse = await openWarehouse({ databaseUrl: url });
    await migrate(warehouse);
    return { kind, options: { databaseUrl: url }, warehouse, dispose: async () => { await warehouse.close(); await drop(); } };
  }
  const warehouse = await openWarehouse({ pgliteDir });
  await migrate(warehouse);
  return { kind, options: { pgliteDir }, warehouse, dispose: () => warehouse.close() };
}

/**
 * describe() once per engine. `body` receives a getter because the database
 * is opened in beforeAll.
 */
export function describeEachDatabase(title: string, body: (get: () => TestDatabase) => void): void {
  for (const kind of engines) {
    describe(`${title} [${kind}]`, () => {
      let db: (TestDatabase & { dispose: () => Promise<void> }) | undefined;
      beforeAll(async () => {
        db = await openTestDatabase(kind);
      });
      afterAll(async () => {
        await db?.dispose();
      });
      body(() => {
        if (!db) throw new Error('database not open yet');
        return db;
      });
    });
  }
}

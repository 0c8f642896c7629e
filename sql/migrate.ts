// Applies sql/migrations/*.sql in name order, each in its own transaction,
// recording what ran, then rebuilds the marts if their definition changed;
// repeating it is a no-op.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Warehouse } from './db.ts';
import { martsAreCurrent, refreshMarts, settleMarts } from './marts.ts';

const migrationsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
// Any fixed number: two processes migrating one PostgreSQL server take turns.
const MIGRATION_LOCK = 7_311_001;

export async function migrate(warehouse: Warehouse): Promise<string[]> {
  const files = fs.readdirSync(migrationsDir).filter((f) => f.endsWith('.sql')).sort();
  return warehouse.withClient(async (client) => {
    if (warehouse.kind === 'postgres') await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await client.query(
        'CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
      );
      const done = new Set((await client.query<{ name: string }>('SELECT name FROM schema_migrations')).rows.map((r) => r.name));
      const applied: string[] = [];
      for (const file of files) {
        if (done.has(file)) continue;
        const text = fs.readFileSync(path.join(migrationsDir, file), 'utf8');
        await client.query('BEGIN');
        try {
          await client.exec(text);
          await client.query('INSERT INTO schema_migrations (name) VALUES ($1)', [file]);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK');
          throw new Error(`Migration ${file} failed: ${(error as Error).message}`);
        }
        applied.push(file);
      }
      // Marts built by an older definition are rebuilt from the stored records, in one transaction.
      if (!(await martsAreCurrent(client))) {
        await client.query('BEGIN');
        try {
          await refreshMarts(client);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK');
          throw new Error(`Rebuilding the marts failed: ${(error as Error).message}`);
        }
        await settleMarts(client);
      }
      return applied;
    } finally {
      if (warehouse.kind === 'postgres') await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  });
}

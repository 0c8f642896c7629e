// Rebuilds the marts (sql/marts/*.sql, in name order) on the caller's
// connection, so the importer can do it inside its own transaction and a
// reader never sees new records with old marts.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Client } from './db.ts';
import { suspendIndexes } from './suspendIndexes.ts';

const martsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'marts');

/** The tables the mart scripts empty and refill. */
const martTables = ['episode_facts', 'program_labels', 'facilitator_caseload', 'county_counts'];

export async function refreshMarts(client: Client): Promise<void> {
  if (!fs.existsSync(martsDir)) return;
  // Every mart is rewritten whole, so its keys and indexes are built once afterwards, from sorted data.
  const restore = await suspendIndexes(client, martTables, { primaryKeys: true });
  for (const file of fs.readdirSync(martsDir).filter((f) => f.endsWith('.sql')).sort()) {
    await client.exec(fs.readFileSync(path.join(martsDir, file), 'utf8'));
  }
  await restore();
  for (const table of martTables) await client.exec(`ANALYZE ${table}`);
}

// Rebuilds the marts (sql/marts/*.sql, in name order) on the caller's
// connection, so the importer can do it inside its own transaction and a
// reader never sees new records with old marts.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Client } from './db.ts';

const martsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'marts');

export async function refreshMarts(client: Client): Promise<void> {
  if (!fs.existsSync(martsDir)) return;
  for (const file of fs.readdirSync(martsDir).filter((f) => f.endsWith('.sql')).sort()) {
    await client.exec(fs.readFileSync(path.join(martsDir, file), 'utf8'));
  }
}

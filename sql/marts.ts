// Rebuilds the marts (sql/marts/*.sql, in name order) on the caller's
// connection, so the importer can do it inside its own transaction and a
// reader never sees new records with old marts.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Client } from './db.ts';
import { suspendIndexes } from './suspendIndexes.ts';

const martsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'marts');

/** The tables the mart scripts empty and refill. */
const martTables = [
  'episode_facts',
  'program_labels',
  'facilitator_caseload',
  'county_counts',
  'exit_month_counts',
  'entry_month_counts',
  'facilitator_codes',
  'case_mix_strata',
  'case_groups',
  'facilitator_cases',
  'case_mix_month_counts',
];

function martScripts(): string[] {
  if (!fs.existsSync(martsDir)) return [];
  return fs.readdirSync(martsDir).filter((f) => f.endsWith('.sql')).sort().map((f) => fs.readFileSync(path.join(martsDir, f), 'utf8'));
}

/** Identifies the marts' definition: a change to any script changes it. */
function martsChecksum(scripts: string[]): string {
  return createHash('sha256').update(scripts.join('\0')).digest('hex');
}

export async function refreshMarts(client: Client): Promise<void> {
  const scripts = martScripts();
  // Every mart is rewritten whole, so its keys and indexes are built once afterwards, from sorted data.
  const restore = await suspendIndexes(client, martTables, { primaryKeys: true });
  // Each script analyses the tables it fills (a later script plans its joins on them).
  for (const script of scripts) await client.exec(script);
  await restore();
  await client.query('DELETE FROM mart_state');
  await client.query('INSERT INTO mart_state (checksum) VALUES ($1)', [martsChecksum(scripts)]);
}

/**
 * Runs after the transaction that rebuilt the marts has committed (VACUUM cannot run inside one): it marks the
 * facilitator case table's pages all-visible, so the comparison reads its covering indexes alone (index-only
 * scans). Skipped or failed, every answer is the same, only slower until autovacuum gets there.
 */
export async function settleMarts(client: Client): Promise<void> {
  await client.exec('VACUUM facilitator_cases');
}

/** False when the marts were built by another definition than today's scripts (or never). */
export async function martsAreCurrent(client: Client): Promise<boolean> {
  const { rows } = await client.query<{ checksum: string }>('SELECT checksum FROM mart_state');
  return rows.length === 1 && rows[0].checksum === martsChecksum(martScripts());
}

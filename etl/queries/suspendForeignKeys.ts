// Bulk loads: drops the foreign keys and secondary indexes of the given
// tables and returns the function that puts them back. Checking a million
// rows once, set-based, is far cheaper than a trigger and an index insert per
// row; all of it happens inside the import's transaction, so a crash undoes it.
import type { Client } from '../../sql/db.ts';

export async function suspendForeignKeys(client: Client, tables: string[]): Promise<() => Promise<void>> {
  const { rows: foreignKeys } = await client.query<{ table_name: string; name: string; definition: string }>(
    `SELECT conrelid::regclass::text AS table_name, quote_ident(conname) AS name, pg_get_constraintdef(oid) AS definition
     FROM pg_constraint WHERE contype = 'f' AND conrelid = ANY($1::regclass[]) ORDER BY conname`,
    [tables],
  );
  // Indexes that back no constraint (primary keys stay: the upserts need them).
  const { rows: indexes } = await client.query<{ name: string; definition: string }>(
    `SELECT indexrelid::regclass::text AS name, pg_get_indexdef(indexrelid) AS definition
     FROM pg_index i
     WHERE indrelid = ANY($1::regclass[]) AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
     ORDER BY 1`,
    [tables],
  );
  for (const fk of foreignKeys) await client.query(`ALTER TABLE ${fk.table_name} DROP CONSTRAINT ${fk.name}`);
  for (const index of indexes) await client.query(`DROP INDEX ${index.name}`);
  return async () => {
    for (const index of indexes) await client.query(index.definition);
    for (const fk of foreignKeys) await client.query(`ALTER TABLE ${fk.table_name} ADD CONSTRAINT ${fk.name} ${fk.definition}`);
  };
}

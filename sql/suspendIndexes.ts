// Bulk writes: drops the foreign keys and indexes of the given tables and
// returns the function that puts them back. Building an index once from
// sorted data is far cheaper than inserting a million keys one by one, and
// checking a foreign key once, set-based, far cheaper than a trigger per row.
// Callers run this inside their transaction, so a crash undoes all of it.
import type { Client } from './db.ts';

export interface SuspendOptions {
  /** Also drop primary keys (only where nothing needs them during the write, e.g. a plain INSERT into an emptied table). */
  primaryKeys?: boolean;
}

export async function suspendIndexes(client: Client, tables: string[], options: SuspendOptions = {}): Promise<() => Promise<void>> {
  // Foreign keys from or to these tables (a key into a table must go before its primary key can).
  const { rows: foreignKeys } = await client.query<{ table_name: string; name: string; definition: string }>(
    `SELECT conrelid::regclass::text AS table_name, quote_ident(conname) AS name, pg_get_constraintdef(oid) AS definition
     FROM pg_constraint
     WHERE contype = 'f' AND (conrelid = ANY($1::regclass[]) OR ($2::boolean AND confrelid = ANY($1::regclass[])))
     ORDER BY conname`,
    [tables, Boolean(options.primaryKeys)],
  );
  // Primary keys when asked, and every index that backs no constraint.
  const { rows: primaryKeys } = options.primaryKeys
    ? await client.query<{ table_name: string; name: string; definition: string }>(
        `SELECT conrelid::regclass::text AS table_name, quote_ident(conname) AS name, pg_get_constraintdef(oid) AS definition
         FROM pg_constraint WHERE contype = 'p' AND conrelid = ANY($1::regclass[]) ORDER BY conname`,
        [tables],
      )
    : { rows: [] };
  const { rows: indexes } = await client.query<{ name: string; definition: string }>(
    `SELECT indexrelid::regclass::text AS name, pg_get_indexdef(indexrelid) AS definition
     FROM pg_index i
     WHERE indrelid = ANY($1::regclass[]) AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
     ORDER BY 1`,
    [tables],
  );
  for (const fk of foreignKeys) await client.query(`ALTER TABLE ${fk.table_name} DROP CONSTRAINT ${fk.name}`);
  for (const pk of primaryKeys) await client.query(`ALTER TABLE ${pk.table_name} DROP CONSTRAINT ${pk.name}`);
  for (const index of indexes) await client.query(`DROP INDEX ${index.name}`);
  return async () => {
    for (const pk of primaryKeys) await client.query(`ALTER TABLE ${pk.table_name} ADD CONSTRAINT ${pk.name} ${pk.definition}`);
    for (const index of indexes) await client.query(index.definition);
    for (const fk of foreignKeys) await client.query(`ALTER TABLE ${fk.table_name} ADD CONSTRAINT ${fk.name} ${fk.definition}`);
  };
}

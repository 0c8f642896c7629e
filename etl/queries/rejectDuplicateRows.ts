// Removes every copy of a duplicated id (or assignment key) from staging;
// returns the line numbers so each copy is recorded as a reject.
import type { Client } from '../../sql/db.ts';
import { fileSpec, type CsvFile } from '../contract.ts';
import { stagingTable } from './createStagingTables.ts';

/** `keys` as built by RowValidator: the id, or episode, staff and start joined by U+001F. */
export async function rejectDuplicateRows(client: Client, file: CsvFile, keys: string[]): Promise<number[]> {
  if (!keys.length) return [];
  const idColumn = fileSpec(file).idColumn;
  const key = idColumn ? `s.${idColumn}` : `s.episode_id || chr(31) || s.staff_id || chr(31) || s.start_date::text`;
  const { rows } = await client.query<{ line: number }>(
    `DELETE FROM ${stagingTable[file]} s WHERE ${key} = ANY($1::text[]) RETURNING s.line`,
    [keys],
  );
  return rows.map((r) => r.line);
}

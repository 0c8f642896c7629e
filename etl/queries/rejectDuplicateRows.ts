// Removes every copy of a duplicated id (or assignment key) from staging;
// returns the line numbers so each copy is recorded as a reject.
import type { Client } from '../../sql/db.ts';
import { fileSpec, type CsvFile } from '../contract.ts';
import { stagingTable } from './createStagingTables.ts';

/**
 * `rejectedKeys`: the key cells of rows already rejected for another reason, which still count as copies.
 * Returns each removed row's line and, for a file of sets (an episode's assignments), its set.
 */
export async function rejectDuplicateRows(client: Client, file: CsvFile, rejectedKeys: string[][]): Promise<{ line: number; set: string | null }[]> {
  const spec = fileSpec(file);
  const columns = spec.idColumn ? [spec.idColumn] : ['episode_id', 'staff_id', 'start_date'];
  const types = columns.map((name) => (spec.columns.find((c) => c.name === name)!.type === 'date' ? 'date' : 'text'));
  const list = columns.join(', ');
  const { rows } = await client.query<{ line: number; set: string | null }>(
    `
    -- Keys carried by more than one row of the file: twice among the staged rows, or once there and once among the rejected.
    WITH duplicated AS (
      SELECT ${list} FROM ${stagingTable[file]} GROUP BY ${list} HAVING count(*) > 1
      UNION
      SELECT * FROM unnest(${types.map((t, i) => `$${i + 1}::${t}[]`).join(', ')})
    )
    DELETE FROM ${stagingTable[file]} s USING duplicated d
    WHERE (${columns.map((c) => `s.${c}`).join(', ')}) = (${columns.map((c) => `d.${c}`).join(', ')})
    RETURNING s.line, ${spec.setColumn ? `s.${spec.setColumn}` : 'NULL::text'} AS set`,
    columns.map((_, i) => rejectedKeys.map((key) => key[i])),
  );
  return rows;
}

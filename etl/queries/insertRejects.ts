// Rejected rows of one run, bulk-loaded: a bad extract can reject millions.
import type { Client } from '../../sql/db.ts';

export interface RejectedRow {
  file: string;
  line: number;
  column: string;
  reason: string;
  message: string;
  raw: string;
}

const needsQuotes = /[",\r\n]/;
const csvCell = (value: string) => (value === '' ? '' : needsQuotes.test(value) ? '"' + value.replaceAll('"', '""') + '"' : value);

export async function insertRejects(client: Client, runId: number, rejects: RejectedRow[]): Promise<void> {
  if (!rejects.length) return;
  await client.copyCsv('import_rejects', ['run_id', 'file', 'line', 'column_name', 'reason', 'raw_line'], chunks(runId, rejects));
}

function* chunks(runId: number, rejects: RejectedRow[]): Generator<string> {
  let out = '';
  for (const r of rejects) {
    // A raw line of "" is written quoted, so it stays an empty string rather than NULL; a NUL, which no text
    // column can hold, is kept as the replacement character.
    const raw = r.raw.includes('\0') ? r.raw.replaceAll('\0', '\uFFFD') : r.raw;
    out += `${runId},${csvCell(r.file)},${r.line},${csvCell(r.column)},${csvCell(r.reason)},${raw === '' ? '""' : csvCell(raw)}\n`;
    if (out.length > 1 << 16) {
      yield out;
      out = '';
    }
  }
  if (out) yield out;
}

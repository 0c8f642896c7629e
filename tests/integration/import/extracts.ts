// Tiny extract folders written by the tests, and readers of what an import stored.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Warehouse } from '../../../sql/db.ts';

export const header = {
  staff: 'staff_id,name,role,supervisor_id,hire_date,separation_date,separation_reason,certified_date',
  clients: 'client_id,birth_date,race_ethnicity,gender,primary_language,county',
  episodes: 'episode_id,client_id,program,facilitator_id,start_date,end_date,exit_reason',
  assignments: 'episode_id,staff_id,start_date,end_date',
};

/** A valid extract: two staff, two clients, two episodes (lines 2 and 3 of each file), as of 2024-01-01. */
export const base = {
  staff: [header.staff, 'S1,Avery Lead,supervisor,,2019-01-01,,,', 'S2,Blake Worker,facilitator,S1,2019-03-01,,,2019-09-01'],
  clients: [header.clients, 'C1,2010-04-02,black,female,English,Kent', 'C2,2012-07-15,white,male,,'],
  episodes: [header.episodes, 'E1,C1,intensive wraparound,S2,2023-01-10,2023-06-30,completed', 'E2,C2,intensive wraparound,S2,2023-02-01,,'],
  assignments: [header.assignments, 'E1,S2,2023-01-10,', 'E2,S2,2023-02-01,'],
};

export type ExtractFiles = Record<string, string | Buffer | string[]>;

/** Writes the files into a fresh temporary folder; string arrays are joined with LF and end with one. */
export function writeExtract(files: ExtractFiles, folder = fs.mkdtempSync(path.join(os.tmpdir(), 'extract-'))): string {
  fs.mkdirSync(folder, { recursive: true });
  for (const [name, content] of Object.entries(files)) {
    fs.writeFileSync(path.join(folder, name), Array.isArray(content) ? content.join('\n') + '\n' : content);
  }
  return folder;
}

/** The base extract with the given files replaced or added (`null` removes a file). */
export function extractWith(changes: Record<string, string | Buffer | string[] | null> = {}): string {
  const files: ExtractFiles = {
    'staff.csv': base.staff,
    'clients.csv': base.clients,
    'episodes.csv': base.episodes,
    'extract.json': JSON.stringify({ asOf: '2024-01-01', source: 'test extract' }),
  };
  for (const [name, content] of Object.entries(changes)) {
    if (content === null) delete files[name];
    else files[name] = content;
  }
  return writeExtract(files);
}

export interface StoredReject {
  file: string;
  line: number;
  column_name: string | null;
  reason: string;
  raw_line: string | null;
}

export async function rejectsOf(warehouse: Warehouse, runId: number): Promise<StoredReject[]> {
  return warehouse.withClient(async (c) =>
    (await c.query<StoredReject>('SELECT file, line, column_name, reason, raw_line FROM import_rejects WHERE run_id = $1 ORDER BY file, line', [runId])).rows,
  );
}

/** Every case-record table, sorted, as plain rows: equal snapshots mean equal content. */
export async function snapshot(warehouse: Warehouse): Promise<Record<string, unknown[]>> {
  return warehouse.withClient(async (c) => ({
    staff: (await c.query('SELECT * FROM staff ORDER BY staff_id')).rows,
    clients: (await c.query('SELECT * FROM clients ORDER BY client_id')).rows,
    episodes: (await c.query('SELECT * FROM episodes ORDER BY episode_id')).rows,
    assignments: (await c.query('SELECT * FROM assignments ORDER BY episode_id, staff_id, start_date')).rows,
  }));
}

export async function countRows(warehouse: Warehouse, table: string): Promise<number> {
  return warehouse.withClient(async (c) => Number((await c.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n));
}

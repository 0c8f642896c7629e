// A small generated extract, imported, with two supervisor teams: what the data suites of the API run on.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { generateExtract } from '../../../etl/generate/index.ts';
import { importExtract } from '../../../etl/importExtract.ts';
import { refreshMarts } from '../../../sql/marts.ts';
import type { Warehouse } from '../../../sql/db.ts';

export interface Staffing {
  /** the supervisor the test's supervisor user is tied to */
  supervisorId: string;
  team: { staffId: string; name: string }[];
  others: { staffId: string; name: string }[];
  /** every staff member: names and ids a funder must never see */
  everyone: { staffId: string; name: string }[];
  programs: string[];
  counties: string[];
}

let extract: Promise<string> | undefined;

/** Generated once per test file (same seed, same bytes). */
export function smallExtract(): Promise<string> {
  extract ??= (async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ao-api-extract-'));
    await generateExtract(folder, { seed: 11, clients: 300, facilitators: 8 });
    return folder;
  })();
  return extract;
}

/** Removes the generated extract (call once, after every suite of the file). */
export async function removeSmallExtract(): Promise<void> {
  if (extract) fs.rmSync(await extract, { recursive: true, force: true });
  extract = undefined;
}

/** Imports the extract and splits the facilitators into two teams: SUPA's (named for the test supervisor) and SUPB's. */
export async function loadFixture(warehouse: Warehouse): Promise<Staffing> {
  const result = await importExtract(warehouse, await smallExtract());
  if (result.status !== 'committed') throw new Error(`fixture import ${result.status}: ${result.message}`);
  const facilitators = await warehouse.db.selectFrom('staff').select(['staff_id', 'name']).where('role', '=', 'facilitator').orderBy('staff_id').execute();
  const hired = '2010-01-01';
  await warehouse.db
    .insertInto('staff')
    .values([
      { staff_id: 'SUPA', name: 'Ada Teamlead', role: 'supervisor', supervisor_id: null, hire_date: hired, separation_date: null, separation_reason: null, certified_date: null, import_run_id: null },
      { staff_id: 'SUPB', name: 'Bea Otherteam', role: 'supervisor', supervisor_id: null, hire_date: hired, separation_date: null, separation_reason: null, certified_date: null, import_run_id: null },
    ])
    .execute();
  const team = facilitators.filter((_, i) => i % 2 === 0);
  const others = facilitators.filter((_, i) => i % 2 === 1);
  await warehouse.db.updateTable('staff').set({ supervisor_id: 'SUPA' }).where('staff_id', 'in', team.map((f) => f.staff_id)).execute();
  await warehouse.db.updateTable('staff').set({ supervisor_id: 'SUPB' }).where('staff_id', 'in', others.map((f) => f.staff_id)).execute();
  await warehouse.transaction((client) => refreshMarts(client));
  const everyone = await warehouse.db.selectFrom('staff').select(['staff_id', 'name']).execute();
  const programs = await warehouse.db.selectFrom('episodes').select('program').distinct().execute();
  const counties = await warehouse.db.selectFrom('clients').select('county').distinct().execute();
  const person = (r: { staff_id: string; name: string }) => ({ staffId: r.staff_id, name: r.name });
  return {
    supervisorId: 'SUPA',
    team: team.map(person),
    others: others.map(person),
    everyone: everyone.map(person),
    programs: programs.map((p) => p.program),
    counties: counties.map((c) => c.county),
  };
}

const countKeys = new Set(['n', 'events', 'censored', 'referenceN', 'referenceEvents', 'facilitators', 'openEpisodes']);
const countParents = new Set(['headcount', 'separations', 'excluded']);

/** Every count from 1 to 10 in a JSON response, with its path (written apart from api/roles.ts on purpose). */
export function smallCountsInJson(value: unknown, path = '', parent = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => smallCountsInJson(v, `${path}[${i}]`, parent));
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, v]) => {
    const here = `${path}.${key}`;
    if (typeof v === 'number' && (countKeys.has(key) || countParents.has(parent)) && v >= 1 && v <= 10) return [`${here}=${v}`];
    return key === 'params' ? [] : smallCountsInJson(v, here, key);
  });
}

const csvCountColumns = new Set([
  'n', 'events', 'censored', 'headcountStart', 'headcountEnd', 'headcountAverage', 'separations', 'voluntarySeparations',
  'retention12mN', 'retention12mEvents', 'tenureN', 'referenceN', 'referenceEvents', 'facilitatorN',
]);

/** Every count cell from 1 to 10 in a CSV download (header names say which columns are counts). */
export function smallCountsInCsv(text: string): string[] {
  const [header, ...rows] = parse(text) as string[][];
  const found: string[] = [];
  rows.forEach((row, r) =>
    header.forEach((column, c) => {
      const v = Number(row[c]);
      if (csvCountColumns.has(column) && row[c] !== '' && v >= 1 && v <= 10) found.push(`row ${r + 1} ${column}=${row[c]}`);
    }),
  );
  return found;
}

// Import benchmark (spec README "Performance targets"): a generated extract of
// about 1,000,000 episodes into PostgreSQL, against the floor of `psql \copy`
// into bare unindexed tables; then about 100,000 episodes into PGlite.
//
//   npx tsx bench/import.ts [--url postgres://postgres@127.0.0.1:5432/postgres]
//        [--clients 400000] [--facilitators 1200] [--small-clients 40000] [--skip-postgres] [--skip-pglite]
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { openWarehouse } from '../sql/db.ts';
import { migrate } from '../sql/migrate.ts';
import { generateExtract } from '../etl/generate/index.ts';
import { importExtract, type ImportProgress, type ImportResult } from '../etl/importExtract.ts';

const { values: args } = parseArgs({
  options: {
    url: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
    clients: { type: 'string', default: '400000' },
    facilitators: { type: 'string', default: '1200' },
    'small-clients': { type: 'string', default: '40000' },
    'skip-postgres': { type: 'boolean', default: false },
    'skip-pglite': { type: 'boolean', default: false },
  },
});

const seconds = (ms: number) => (ms / 1000).toFixed(2) + ' s';
const count = (n: number) => n.toLocaleString('en-US');

/** The generator's own sources, hashed: a change to the generator is a new extract, not a stale cached one. */
function generatorVersion(): string {
  const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), '../etl/generate');
  const hash = createHash('sha256');
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.ts')).sort()) hash.update(file).update(fs.readFileSync(path.join(dir, file)));
  return hash.digest('hex').slice(0, 8);
}

/** A generated extract, cached by its parameters and the generator's version: generation is not what is measured. */
async function extract(clients: number, facilitators: number): Promise<string> {
  const folder = path.join(os.tmpdir(), `outcomes-bench-extract-${clients}-${facilitators}-${generatorVersion()}`);
  if (!fs.existsSync(path.join(folder, 'truth.json'))) {
    const t = performance.now();
    await generateExtract(folder, { seed: 11, clients, facilitators });
    console.log(`generated ${folder} in ${seconds(performance.now() - t)}`);
  }
  for (const file of ['staff.csv', 'clients.csv', 'episodes.csv', 'assignments.csv']) {
    const lines = fs.readFileSync(path.join(folder, file), 'utf8').split('\n').length - 2;
    console.log(`  ${file.padEnd(16)} ${count(lines).padStart(10)} rows  ${(fs.statSync(path.join(folder, file)).size / 1e6).toFixed(1)} MB`);
  }
  return folder;
}

async function freshDatabase(adminUrl: string, name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = '/' + name;
  return url.toString();
}

/** The floor: psql \copy of the four files into bare tables with the warehouse's column types and nothing else. */
async function psqlFloor(adminUrl: string, folder: string): Promise<number> {
  const url = await freshDatabase(adminUrl, 'outcomes_bench_floor');
  execFileSync('psql', [url, '-qc', `
    CREATE TABLE staff (staff_id text, name text, role text, supervisor_id text, hire_date date, separation_date date, separation_reason text, certified_date date);
    CREATE TABLE clients (client_id text, birth_date date, race_ethnicity text, gender text, primary_language text, county text);
    CREATE TABLE episodes (episode_id text, client_id text, program text, facilitator_id text, start_date date, end_date date, exit_reason text);
    CREATE TABLE assignments (episode_id text, staff_id text, start_date date, end_date date);`]);
  const script = ['staff', 'clients', 'episodes', 'assignments'].map((t) => `\\copy ${t} FROM '${path.join(folder, t + '.csv')}' WITH (FORMAT csv, HEADER true)`).join('\n');
  const t = performance.now();
  execFileSync('psql', [url, '-q', '-v', 'ON_ERROR_STOP=1'], { input: script });
  return performance.now() - t;
}

/** Times importExtract, split by stage: reading+staging, checking, writing, marts (marts includes COMMIT). */
async function timedImport(options: { databaseUrl?: string; pgliteDir?: string }, folder: string) {
  const warehouse = await openWarehouse(options);
  await migrate(warehouse);
  const marks: Record<string, number> = {};
  const start = performance.now();
  const result: ImportResult = await importExtract(warehouse, folder, {
    onProgress: (p: ImportProgress) => {
      if (p.stage !== 'reading' && !(p.stage in marks)) marks[p.stage] = performance.now();
    },
  });
  const end = performance.now();
  await warehouse.close();
  const stages = {
    'reading and staging': marks.checking - start,
    checking: marks.writing - marks.checking,
    writing: marks.marts - marks.writing,
    'marts and commit': end - marks.marts,
  };
  const rows = Object.values(result.files).reduce((sum, f) => sum + f.read, 0);
  return { total: end - start, stages, rows, result };
}

function report(label: string, run: Awaited<ReturnType<typeof timedImport>>) {
  console.log(`${label}: ${run.result.status}, ${count(run.rows)} rows in ${seconds(run.total)} (${count(Math.round(run.rows / (run.total / 1000)))} rows/s)`);
  for (const [stage, ms] of Object.entries(run.stages)) console.log(`  ${stage.padEnd(20)} ${seconds(ms).padStart(9)}`);
  if (run.result.status !== 'committed') console.log(`  ${run.result.message}`);
}

if (!args['skip-postgres']) {
  console.log(`PostgreSQL: ${args.clients} clients, ${args.facilitators} facilitators`);
  const folder = await extract(Number(args.clients), Number(args.facilitators));
  // The floor takes two or three seconds and swings by a second from run to run: the median of three.
  const floors = [];
  for (let i = 0; i < 3; i++) floors.push(await psqlFloor(args.url, folder));
  const floor = [...floors].sort((a, b) => a - b)[1];
  console.log(`psql \\copy into bare tables (the floor): ${seconds(floor)} (median of ${floors.map(seconds).join(', ')})`);
  const url = await freshDatabase(args.url, 'outcomes_bench_import');
  const run = await timedImport({ databaseUrl: url }, folder);
  report('importExtract into a fresh database', run);
  console.log(`ratio to the floor: ${(run.total / floor).toFixed(2)}x (target at most 3x)`);
  const again = await timedImport({ databaseUrl: url }, folder);
  report('the same extract again (nothing changes)', again);
}

if (!args['skip-pglite']) {
  console.log(`PGlite: ${args['small-clients']} clients`);
  const folder = await extract(Number(args['small-clients']), 150);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'outcomes-bench-pglite-'));
  try {
    const run = await timedImport({ pgliteDir: path.join(dir, 'pglite') }, folder);
    report('importExtract into PGlite on disk', run);
    console.log(`target: under 20 s`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

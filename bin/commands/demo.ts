// `outcomes demo` (= `npm start`): migrate; on an empty warehouse generate and
// import the demo extract; on a warehouse without users create three demo
// logins (kept in .data/demo-logins.txt so a second start prints the same; one file per database); serve.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.ts';
import { openWarehouse, type Warehouse } from '../../sql/db.ts';
import { migrate } from '../../sql/migrate.ts';
import { generateExtract } from '../../etl/generate/index.ts';
import { countUsers, saveUser } from '../../api/access/users.ts';
import { auditedImport } from '../../api/access/audit.ts';
import type { Role } from '../../api/access/tables.ts';
import { parseListen, serve } from './serve.ts';

const dataDir = '.data';
const extractDir = path.join(dataDir, 'demo-extract');

/**
 * Where a database's demo logins are kept: .data/demo-logins.txt for the default embedded database, a file
 * named after the database for any other, so two demos started from one folder never print each other's.
 */
export function demoLoginsFile(config: Pick<Config, 'databaseUrl' | 'pgliteDir'>): string {
  const slug = (text: string) => text.replace(/[^A-Za-z0-9_.-]+/g, '_').slice(0, 80);
  if (config.databaseUrl) {
    const url = new URL(config.databaseUrl);
    return path.join(dataDir, `demo-logins-postgres-${slug(`${url.hostname}_${url.port || '5432'}_${url.pathname.slice(1)}`)}.txt`);
  }
  if (path.resolve(config.pgliteDir) === path.resolve(dataDir, 'pglite')) return path.join(dataDir, 'demo-logins.txt');
  return path.join(dataDir, `demo-logins-pglite-${slug(path.resolve(config.pgliteDir))}.txt`);
}

export async function run(argv: string[], config: Readonly<Config>): Promise<number> {
  const listen = parseListen(argv, config);
  const loginsFile = demoLoginsFile(config);
  const started = Date.now();
  const warehouse = await openWarehouse(config);
  try {
    await migrate(warehouse);
    await ensureDemoData(warehouse);
    await ensureDemoUsers(warehouse, loginsFile);
  } catch (error) {
    await warehouse.close();
    throw error;
  }
  return serve(config, warehouse, listen, () => {
    console.log(`Ready in ${((Date.now() - started) / 1000).toFixed(1)} s. Demo logins (also in ${loginsFile}):`);
    console.log(fs.existsSync(loginsFile) ? fs.readFileSync(loginsFile, 'utf8').trimEnd() : '  (users already existed before the demo; use yours)');
  });
}

async function ensureDemoData(warehouse: Warehouse): Promise<void> {
  const committed = await warehouse.db.selectFrom('import_runs').select('id').where('status', '=', 'committed').limit(1).executeTakeFirst();
  if (committed) return;
  console.log(`No data yet: generating a demo extract in ${extractDir} and importing it…`);
  fs.rmSync(extractDir, { recursive: true, force: true });
  await generateExtract(extractDir, { seed: 7 });
  const result = await auditedImport(warehouse, extractDir, {}, { username: 'demo', detail: { folder: extractDir, via: 'demo' } });
  if (result.status !== 'committed') throw new Error(`The demo extract was not imported: ${result.message ?? result.status}`);
  const loaded = Object.values(result.files).reduce((sum, f) => sum + f.loaded, 0);
  console.log(`Imported ${loaded} demo records (as of ${result.asOf}).`);
}

/** A supervisor of the demo data with a team, so the supervisor login sees names. */
async function demoSupervisorId(warehouse: Warehouse): Promise<string> {
  const row = await warehouse.db
    .selectFrom('staff as s')
    .innerJoin('staff as f', 'f.supervisor_id', 's.staff_id')
    .select('s.staff_id')
    .where('s.role', '=', 'supervisor')
    .where('f.role', '=', 'facilitator')
    .groupBy('s.staff_id')
    .orderBy((eb) => eb.fn.count('f.staff_id'), 'desc')
    .orderBy('s.staff_id')
    .limit(1)
    .executeTakeFirst();
  if (!row) throw new Error('The demo data has no supervisor with a team.');
  return row.staff_id;
}

async function ensureDemoUsers(warehouse: Warehouse, loginsFile: string): Promise<void> {
  if ((await countUsers(warehouse)) > 0) return;
  const supervisorId = await demoSupervisorId(warehouse);
  const logins: { username: string; role: Role; staffId?: string; password: string }[] = [
    { username: 'leader', role: 'leader', password: randomBytes(9).toString('base64url') },
    { username: 'supervisor', role: 'supervisor', staffId: supervisorId, password: randomBytes(9).toString('base64url') },
    { username: 'funder', role: 'funder', password: randomBytes(9).toString('base64url') },
  ];
  for (const login of logins) await saveUser(warehouse, login);
  fs.mkdirSync(dataDir, { recursive: true });
  const text = logins.map((l) => `  ${l.username.padEnd(11)} ${l.password}   (${l.role}${l.staffId ? `, staff id ${l.staffId}` : ''})`).join('\n') + '\n';
  fs.writeFileSync(loginsFile, text, { mode: 0o600 });
  fs.chmodSync(loginsFile, 0o600);
}

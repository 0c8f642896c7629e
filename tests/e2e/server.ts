// Starts the real app on a real warehouse holding a generated extract, with one user per role (for e2e tests and bench/page.ts).
import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { createApp } from '../../api/app.ts';
import { saveUser } from '../../api/access/users.ts';
import { loadConfig } from '../../bin/config.ts';
import { buildDashboard } from '../../dashboard/build.ts';
import { generateExtract, type GenerateOptions } from '../../etl/generate/index.ts';
import { importExtract } from '../../etl/importExtract.ts';
import type { Warehouse } from '../../sql/db.ts';

export const password = 'correct horse battery staple';

export interface DashboardServer {
  url: string;
  /** The staff of the extract, to search pages for names a reader may not see. */
  staff: { staffId: string; name: string; role: string; supervisorId: string | null; separated: boolean }[];
  /** The supervisor signed in as `supervisor`, and their team. */
  supervisorId: string;
  team: string[];
  close: () => Promise<void>;
}

/** Reads staff.csv of the generated extract (simple quoting is enough for the generator's names). */
async function readStaff(folder: string): Promise<DashboardServer['staff']> {
  const [header, ...lines] = (await readFile(join(folder, 'staff.csv'), 'utf8')).trim().split('\n');
  const columns = header.split(',');
  return lines.map((line) => {
    const cells = line.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.map((c) => c.replace(/,$/, '').replace(/^"|"$/g, '').replace(/""/g, '"'));
    const row = Object.fromEntries(columns.map((c, i) => [c, cells[i] ?? '']));
    return { staffId: row.staff_id, name: row.name, role: row.role, supervisorId: row.supervisor_id || null, separated: Boolean(row.separation_date) };
  });
}

/** A copy of the first client row with a new id and 30 February as birth date. */
async function badClientLine(folder: string): Promise<string> {
  const [header, first] = (await readFile(join(folder, 'clients.csv'), 'utf8')).split('\n');
  const columns = header.split(',');
  const cells = first.split(',');
  cells[columns.indexOf('client_id')] = 'E2E-BAD-1';
  cells[columns.indexOf('birth_date')] = '2020-02-30';
  return `${cells.join(',')}\n`;
}

/** Imports a generated extract (unless the warehouse already has one), creates leader/supervisor/funder, serves the built dashboard. */
export async function startDashboardServer(warehouse: Warehouse, extract: GenerateOptions = { seed: 11, clients: 600, facilitators: 14 }, options: { importData?: boolean } = {}): Promise<DashboardServer> {
  const folder = await mkdtemp(join(tmpdir(), 'ao-e2e-'));
  try {
    await generateExtract(folder, extract);
    if (options.importData !== false) {
      const result = await importExtract(warehouse, folder);
      if (result.status !== 'committed') throw new Error(`The e2e extract was not imported: ${result.message}`);
      // A second run of the same extract with one impossible birth date, so the Data page has a rejected row to show.
      await appendFile(join(folder, 'clients.csv'), await badClientLine(folder));
      const second = await importExtract(warehouse, folder);
      if (second.status !== 'committed') throw new Error(`The e2e extract was not re-imported: ${second.message}`);
    }
    const staff = await readStaff(folder);
    const facilitators = staff.filter((s) => s.role === 'facilitator');
    // The supervisor with the largest team, so that some of the team have cases in any period.
    const teamSize = (id: string) => facilitators.filter((f) => f.supervisorId === id && !f.separated).length;
    const supervisorId = staff.filter((s) => s.role === 'supervisor').sort((a, b) => teamSize(b.staffId) - teamSize(a.staffId))[0].staffId;
    const team = facilitators.filter((f) => f.supervisorId === supervisorId).map((f) => f.staffId);
    await saveUser(warehouse, { username: 'leader', role: 'leader', password });
    await saveUser(warehouse, { username: 'supervisor', role: 'supervisor', staffId: supervisorId, password });
    await saveUser(warehouse, { username: 'funder', role: 'funder', password });
    const dashboardDir = await buildDashboard();
    const app = createApp({ config: loadConfig({ TZ: 'UTC' }), warehouse, dashboardDir, logger: pino({ level: 'silent' }) });
    const server: Server = await new Promise((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    const { port } = server.address() as AddressInfo;
    return {
      url: `http://127.0.0.1:${port}`,
      staff, supervisorId, team,
      close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
    };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

// Page benchmark (not part of npm test): the Overview in headless Chromium against a DATABASE_URL database,
// from navigation until every chart is drawn (target 1.5 s), and the JavaScript shipped, gzipped (target 300 KB).
//
//   DATABASE_URL=postgres://… npx tsx bench/page.ts                    (the database already holds a large import)
//   DATABASE_URL=postgres://… BENCH_CLIENTS=40000 npx tsx bench/page.ts  (imports a generated extract first when it holds none)
//   BENCH_RUNS=7 …                                                      (measured loads after one warm-up)
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { pino } from 'pino';
import { createApp } from '../api/app.ts';
import { removeUser, saveUser } from '../api/access/users.ts';
import { loadConfig } from '../bin/config.ts';
import { buildDashboard } from '../dashboard/build.ts';
import { generateExtract } from '../etl/generate/index.ts';
import { importExtract } from '../etl/importExtract.ts';
import { getAsOf } from '../metrics/index.ts';
import { openWarehouse } from '../sql/db.ts';
import { migrate } from '../sql/migrate.ts';
import { haveChromium, launchChromium } from '../tests/e2e/browser.ts';

const runs = Number(process.env.BENCH_RUNS ?? 5);
const clients = Number(process.env.BENCH_CLIENTS ?? 40_000);

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main(): Promise<number> {
  const config = loadConfig();
  if (!config.databaseUrl) {
    console.error('bench/page.ts: set DATABASE_URL to a PostgreSQL database (it is measured against a real server).');
    return 2;
  }
  if (!haveChromium) {
    console.error('bench/page.ts: /usr/bin/chromium is missing (apt-get install -y chromium).');
    return 2;
  }
  const warehouse = await openWarehouse({ databaseUrl: config.databaseUrl });
  const username = `bench-page-${randomBytes(4).toString('hex')}`;
  const password = randomBytes(18).toString('base64url');
  try {
    await migrate(warehouse);
    if (!(await getAsOf(warehouse)).asOf) {
      const folder = await mkdtemp(join(tmpdir(), 'ao-bench-page-'));
      console.log(`The database holds no import: generating and importing ${clients.toLocaleString('en-US')} clients…`);
      await generateExtract(folder, { seed: 5, clients, facilitators: Math.max(40, Math.round(clients / 330)) });
      const result = await importExtract(warehouse, folder);
      await rm(folder, { recursive: true, force: true });
      if (result.status !== 'committed') throw new Error(`import aborted: ${result.message}`);
    }
    const episodes = await warehouse.withClient((c) => c.query('SELECT count(*)::int AS n FROM episodes', []));
    await saveUser(warehouse, { username, role: 'leader', password });

    const dist = await buildDashboard();
    const js = await readFile(join(dist, 'app.js'));
    const css = await readFile(join(dist, 'app.css'));
    const app = createApp({ config, warehouse, dashboardDir: dist, logger: pino({ level: 'silent' }) });
    const server = await new Promise<import('node:http').Server>((resolve) => { const s = app.listen(0, '127.0.0.1', () => resolve(s)); });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const browser = await launchChromium();
    try {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      let requests = 0;
      const durations = new Map<string, number[]>();
      page.on('request', (r) => { if (new URL(r.url()).pathname.startsWith('/api/')) requests += 1; });
      page.on('requestfinished', (r) => {
        const { pathname } = new URL(r.url());
        if (!pathname.startsWith('/api/')) return;
        const t = r.timing();
        durations.set(pathname, [...(durations.get(pathname) ?? []), t.responseEnd - t.requestStart]);
      });
      await page.goto(`${url}/sign-in?next=%2Fdata`);
      await page.fill('#username', username);
      await page.fill('#password', password);
      await page.click('form.sign-in button[type=submit]');
      await page.waitForSelector('main[data-state=ready] h1:not(#sign-in-title)');

      // Each load is a fresh navigation (no in-page cache), timed until the page marks every chart drawn.
      const timings: number[] = [];
      const complete: number[] = [];
      for (let i = 0; i <= runs; i++) {
        requests = 0;
        const started = performance.now();
        await page.goto(`${url}/`);
        await page.waitForFunction(() => document.querySelectorAll('figure[data-chart^="overview-"] svg').length === 4, undefined, { timeout: 60_000, polling: 'raf' });
        const elapsed = performance.now() - started;
        await page.waitForSelector('main[data-state=ready]', { timeout: 60_000 });
        complete.push(performance.now() - started);
        if (i > 0) timings.push(elapsed);
        else console.log(`warm-up load: ${elapsed.toFixed(0)} ms, ${requests} API requests`);
      }
      const charts = await page.locator('figure[data-chart] svg').count();
      console.log(`Overview against PostgreSQL with ${(episodes.rows[0] as { n: number }).n.toLocaleString('en-US')} episodes: ${charts} charts, ${requests} API requests per load`);
      console.log(`  navigation to every chart drawn: median ${median(timings).toFixed(0)} ms, min ${Math.min(...timings).toFixed(0)}, max ${Math.max(...timings).toFixed(0)} over ${runs} loads (target 1500 ms)`);
      console.log(`  until the whole page is complete (spread and equity-gap sentences filled in after the charts): median ${median(complete.slice(1)).toFixed(0)} ms`);
      console.log(`  JavaScript shipped: ${(js.length / 1024).toFixed(1)} KB, ${(gzipSync(js, { level: 9 }).length / 1024).toFixed(1)} KB gzipped (target 300 KB); CSS ${(gzipSync(css).length / 1024).toFixed(1)} KB gzipped`);
      const byEndpoint = [...durations].map(([path, ms]) => ({ path, calls: ms.length, median: median(ms) })).sort((a, b) => b.median - a.median);
      console.log('  API time per request as the page saw it (median, all loads):');
      for (const e of byEndpoint) console.log(`    ${e.path.padEnd(36)} ${e.median.toFixed(0).padStart(6)} ms  (${e.calls} calls)`);
      await context.close();
    } finally {
      await browser.close();
      server.closeAllConnections();
      server.close();
    }
    return 0;
  } finally {
    await removeUser(warehouse, username).catch(() => false);
    await warehouse.close();
  }
}

process.exitCode = await main();

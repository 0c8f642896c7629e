// API benchmark (not part of npm test): every dashboard endpoint under 16
// concurrent clients for 30 s with autocannon (p50, p95, errors), and the same
// metric computed directly through metrics/ (median of sequential calls), as a ratio.
//
//   DATABASE_URL=postgres://… npx tsx bench/api.ts        (the database already holds a large import)
//   BENCH_SECONDS=10 BENCH_CONNECTIONS=16 …                 (shorter runs while trying things)
//   BENCH_NO_CACHE=1 …                                      (every request recomputes its metric)
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import hdr from 'hdr-histogram-js';
import { pino } from 'pino';
import { loadConfig } from '../bin/config.ts';
import { openWarehouse, type Warehouse } from '../sql/db.ts';
import { migrate } from '../sql/migrate.ts';
import * as metrics from '../metrics/index.ts';
import { getWorkforce } from '../metrics/workforce/index.ts';
import { getFacilitatorDetail, getFacilitators } from '../metrics/facilitators/index.ts';
import { createApp } from '../api/app.ts';
import { removeUser, saveUser } from '../api/access/users.ts';
import { createToken } from '../api/access/tokens.ts';

// autocannon ships no types; this is the part of its result used here.
interface LoadResult {
  latency: { p50: number };
  requests: { total: number };
  errors: number;
  timeouts: number;
  non2xx: number;
}
const autocannon = createRequire(import.meta.url)('autocannon') as (options: Record<string, unknown>) => Promise<LoadResult>;

const seconds = Number(process.env.BENCH_SECONDS ?? 30);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 16);
// BENCH_NO_CACHE=1 recomputes every request (the API's metric cache off).
const metricCache = !process.env.BENCH_NO_CACHE;

interface Case {
  name: string;
  path: string;
  role: 'leader' | 'funder';
  direct: (w: Warehouse) => Promise<unknown>;
}

function cases(facilitatorId: string): Case[] {
  return [
    { name: 'reentry', path: '/api/metrics/reentry', role: 'leader', direct: (w) => metrics.getReentry(w, {}) },
    { name: 'reentry by race (funder)', path: '/api/metrics/reentry?by=race_ethnicity', role: 'funder', direct: (w) => metrics.getReentry(w, { by: 'race_ethnicity' }) },
    { name: 'reentry by facilitator', path: '/api/metrics/reentry?by=facilitator', role: 'leader', direct: (w) => metrics.getReentry(w, { by: 'facilitator' }) },
    { name: 'successful exits by program', path: '/api/metrics/successful-exits?by=program', role: 'leader', direct: (w) => metrics.getSuccessfulExits(w, { by: 'program' }) },
    { name: 'repeat entries by age group', path: '/api/metrics/repeat-entries?by=age_group', role: 'leader', direct: (w) => metrics.getRepeatEntries(w, { by: 'age_group' }) },
    { name: 'time in services by race', path: '/api/metrics/time-in-services?by=race_ethnicity', role: 'leader', direct: (w) => metrics.getTimeInServices(w, { by: 'race_ethnicity' }) },
    { name: 'workforce', path: '/api/metrics/workforce', role: 'leader', direct: (w) => getWorkforce(w, {}) },
    { name: 'equity reentry x race (funder)', path: '/api/equity?metric=reentry&dimension=race_ethnicity', role: 'funder', direct: (w) => metrics.getEquity(w, { metric: 'reentry', dimension: 'race_ethnicity' }) },
    { name: 'equity time in services x race', path: '/api/equity?metric=time-in-services&dimension=race_ethnicity', role: 'leader', direct: (w) => metrics.getEquity(w, { metric: 'time-in-services', dimension: 'race_ethnicity' }) },
    { name: 'facilitators', path: '/api/facilitators?metric=reentry', role: 'leader', direct: (w) => getFacilitators(w, { metric: 'reentry' }) },
    { name: 'facilitator detail', path: `/api/facilitators/${encodeURIComponent(facilitatorId)}`, role: 'leader', direct: (w) => getFacilitatorDetail(w, facilitatorId, { metric: 'reentry' }) },
    { name: 'filters', path: '/api/filters', role: 'leader', direct: (w) => metrics.getFilters(w) },
    // The Overview's trend charts (the Workforce page's turnover asks the same as the last one).
    { name: 'trend reentry', path: '/api/trend?metric=reentry', role: 'leader', direct: (w) => metrics.getTrend(w, { metric: 'reentry' }) },
    { name: 'trend time in services', path: '/api/trend?metric=time-in-services', role: 'leader', direct: (w) => metrics.getTrend(w, { metric: 'time-in-services' }) },
    { name: 'trend workforce (funder)', path: '/api/trend?metric=workforce', role: 'funder', direct: (w) => metrics.getTrend(w, { metric: 'workforce' }) },
  ];
}

async function directMedian(warehouse: Warehouse, fn: (w: Warehouse) => Promise<unknown>, runs = 15): Promise<number> {
  await fn(warehouse);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint();
    await fn(warehouse);
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

async function load(url: string, token: string): Promise<{ p50: number; p95: number; errors: number; non2xx: number; requests: number }> {
  const latencies = hdr.build({ bitBucketSize: 64, autoResize: true, lowestDiscernibleValue: 1, highestTrackableValue: 10000, numberOfSignificantValueDigits: 3 });
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    headers: { authorization: `Bearer ${token}` },
    histograms: { latencies },
  });
  return {
    p50: result.latency.p50,
    p95: latencies.getValueAtPercentile(95),
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    requests: result.requests.total,
  };
}

async function main() {
  const config = loadConfig();
  if (!config.databaseUrl) throw new Error('Set DATABASE_URL to a PostgreSQL database that already holds a large import.');
  const warehouse = await openWarehouse(config);
  await migrate(warehouse);
  const { asOf } = await metrics.getAsOf(warehouse);
  if (!asOf) throw new Error('The database has no committed import; import a large extract first (npx outcomes import …).');
  const episodes = await warehouse.withClient((c) => c.query<{ n: number }>('SELECT count(*)::int AS n FROM episodes'));
  const facilitator = await warehouse.db.selectFrom('staff').select('staff_id').where('role', '=', 'facilitator').orderBy('staff_id').limit(1).executeTakeFirstOrThrow();

  const suffix = randomBytes(4).toString('hex');
  const users = { leader: `bench-leader-${suffix}`, funder: `bench-funder-${suffix}` };
  const password = randomBytes(18).toString('base64url');
  await saveUser(warehouse, { username: users.leader, role: 'leader', password });
  await saveUser(warehouse, { username: users.funder, role: 'funder', password });
  const tokens = { leader: (await createToken(warehouse, users.leader, 'bench')).token, funder: (await createToken(warehouse, users.funder, 'bench')).token };

  const app = createApp({ config, warehouse, logger: pino({ level: 'silent' }), dashboardDir: null, metricCache });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const port = (server.address() as { port: number }).port;
  console.log(`API benchmark: ${episodes.rows[0].n} episodes, as of ${asOf}, ${connections} connections x ${seconds} s per endpoint, metric cache ${metricCache ? 'on' : 'off'}, ${new Date().toISOString()}`);
  console.log('endpoint'.padEnd(34), 'p50 ms'.padStart(8), 'p95 ms'.padStart(8), 'req'.padStart(8), 'errors'.padStart(7), 'direct ms'.padStart(10), 'p50/direct'.padStart(11));
  let worstP95 = 0;
  try {
    for (const c of cases(facilitator.staff_id)) {
      const direct = await directMedian(warehouse, c.direct);
      const r = await load(`http://127.0.0.1:${port}${c.path}`, tokens[c.role]);
      worstP95 = Math.max(worstP95, r.p95);
      console.log(
        c.name.padEnd(34), r.p50.toFixed(1).padStart(8), r.p95.toFixed(1).padStart(8), String(r.requests).padStart(8),
        String(r.errors + r.non2xx).padStart(7), direct.toFixed(1).padStart(10), (r.p50 / direct).toFixed(2).padStart(11),
      );
    }
    console.log(`worst p95: ${worstP95.toFixed(1)} ms (target under 50 ms)`);
  } finally {
    server.close();
    await removeUser(warehouse, users.leader);
    await removeUser(warehouse, users.funder);
    await warehouse.close();
  }
}

await main();

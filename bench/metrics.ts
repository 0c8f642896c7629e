// Metrics benchmark (not part of npm test): the mart refresh time, and each
// metric's computation time for a typical dashboard request (median of 7 runs,
// sequential, no cache), straight through metrics/.
//
//   DATABASE_URL=postgres://… npx tsx bench/metrics.ts   (the database already holds a large import)
import { loadConfig } from '../bin/config.ts';
import { openWarehouse } from '../sql/db.ts';
import { refreshMarts, settleMarts } from '../sql/marts.ts';
import * as metrics from '../metrics/index.ts';

const config = loadConfig();
const warehouse = await openWarehouse(config);
const runs = Number(process.env.BENCH_RUNS ?? 7);

async function median(run: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await run();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

const { rows } = await warehouse.withClient((c) => c.query<{ n: number }>('SELECT count(*) AS n FROM episodes'));
console.log(`${warehouse.kind}, ${rows[0].n} episodes`);

const refreshStart = performance.now();
await warehouse.transaction((c) => refreshMarts(c));
await warehouse.withClient((c) => settleMarts(c));
// The refresh wrote gigabytes; flush them now, so the checkpointer does not compete with the timed requests.
if (warehouse.kind === 'postgres') await warehouse.withClient((c) => c.exec('CHECKPOINT'));
console.log(`mart refresh: ${(performance.now() - refreshStart).toFixed(0)} ms`);

// The facilitator whose detail page is timed: the first by id, as bench/api.ts takes.
const facilitator = await warehouse.db.selectFrom('staff').select('staff_id').where('role', '=', 'facilitator').orderBy('staff_id').limit(1).executeTakeFirstOrThrow();

const cases: [string, () => Promise<unknown>][] = [
  ['reentry', () => metrics.getReentry(warehouse, {})],
  ['reentry by race_ethnicity', () => metrics.getReentry(warehouse, { by: 'race_ethnicity' })],
  ['reentry by facilitator', () => metrics.getReentry(warehouse, { by: 'facilitator' })],
  ['successful-exits by program', () => metrics.getSuccessfulExits(warehouse, { by: 'program' })],
  ['repeat-entries by age_group', () => metrics.getRepeatEntries(warehouse, { by: 'age_group' })],
  ['time-in-services by race_ethnicity', () => metrics.getTimeInServices(warehouse, { by: 'race_ethnicity' })],
  ['workforce', () => metrics.getWorkforce(warehouse, {})],
  ['equity reentry race_ethnicity', () => metrics.getEquity(warehouse, { metric: 'reentry', dimension: 'race_ethnicity' })],
  ['equity time-in-services race_ethnicity', () => metrics.getEquity(warehouse, { metric: 'time-in-services', dimension: 'race_ethnicity' })],
  ['facilitators reentry', () => metrics.getFacilitators(warehouse, { metric: 'reentry' })],
  ['facilitators reentry by race_ethnicity (heat map)', () => metrics.getFacilitators(warehouse, { metric: 'reentry', by: 'race_ethnicity' })],
  ['facilitator detail reentry', () => metrics.getFacilitatorDetail(warehouse, facilitator.staff_id, { metric: 'reentry' })],
  ['filters', () => metrics.getFilters(warehouse)],
];
console.log('| metric request | median ms |\n| --- | --- |');
for (const [name, run] of cases) console.log(`| ${name} | ${(await median(run)).toFixed(0)} |`);
await warehouse.close();

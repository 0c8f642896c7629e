import pg from 'pg';
import { getFacilitatorCounts } from '/work/main/metrics/facilitators/getFacilitatorCounts.ts';
let text = '', values: unknown[] = [];
const fake = { withClient: async (fn: any) => fn({ query: async (t: string, v: unknown[]) => { text = t; values = v; return { rows: [] }; } }) } as any;
await getFacilitatorCounts(fake, { metric: (process.argv[2] ?? 'reentry') as any, periods: [{ key: 'period', from: '2023-06-01', to: '2024-05-31' }], minStay: 8, window: 365, program: [], county: [], asOf: '2025-05-31', groupBy: process.argv[3] as any });
const c = new pg.Client(process.env.DATABASE_URL); await c.connect();
for (let i = 0; i < 3; i++) await c.query(text, values);
const times: number[] = [];
for (let i = 0; i < 9; i++) { const t = performance.now(); await c.query(text, values); times.push(performance.now() - t); }
times.sort((a, b) => a - b); console.log('median', times[4].toFixed(1));
const r = await c.query('EXPLAIN (ANALYZE) ' + text, values);
console.log(r.rows.map((x: any) => x['QUERY PLAN']).join('\n'));
await c.end();

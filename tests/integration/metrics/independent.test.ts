// The figures of metrics/ against an independent calculation (reference.ts):
// a generated extract of 2,000 clients, read straight from its CSV files and
// worked out in plain loops from metrics.md, must give exactly the counts,
// exclusions, rates and Kaplan-Meier figures the warehouse's marts and metric
// queries give, on every period, grouping, window, minStay and filter below.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../helpers/databases.ts';
import { generateExtract } from '../../../etl/generate/index.ts';
import { importExtract } from '../../../etl/importExtract.ts';
import {
  getReentry, getRepeatEntries, getSuccessfulExits, getTimeInServices, getWorkforce,
  type MetricResponse, type ProportionEstimate, type SurvivalEstimate,
} from '../../../metrics/index.ts';
import type { Warehouse } from '../../../sql/db.ts';
import {
  day, iso, readExtract, Reference, resolve, wilson,
  type Dimension, type ProportionResult, type Request, type Survival, type WorkforceFigures,
} from './reference.ts';

const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ao-independent-'));
const asOf = '2024-12-31';
let ref: Reference;

beforeAll(async () => {
  await generateExtract(folder, { seed: 3, clients: 2000, facilitators: 40, start: '2020-01-01', asOf });
  ref = new Reference(readExtract(folder));
}, 120_000);
afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

// ------------------------------------------------------------------ what is asked

const allDimensions: Dimension[] = ['none', 'facilitator', 'supervisor', 'program', 'county', 'race_ethnicity', 'gender', 'age_group', 'primary_language'];
const someDimensions: Dimension[] = ['none', 'race_ethnicity', 'age_group', 'program'];

interface Period {
  name: string;
  request: Request;
  dimensions: Dimension[];
}

const periods: Period[] = [
  // No from/to: the 12 full months before asOf (2023-12-01..2024-11-30), for re-entry shifted back by the window.
  { name: 'default period', request: {}, dimensions: allDimensions },
  { name: 'calendar year 2022', request: { from: '2022-01-01', to: '2022-12-31' }, dimensions: allDimensions },
  { name: 'mid-month period 2021-03-17..2022-08-09', request: { from: '2021-03-17', to: '2022-08-09' }, dimensions: someDimensions },
  // Exits late in 2024 have incomplete follow-up; entries late in 2024 are mostly censored.
  { name: 'calendar year 2024', request: { from: '2024-01-01', to: '2024-12-31' }, dimensions: someDimensions },
];

/** Requests that take the product's other code paths: minStay other than 8, program filters (in another case). */
const variants: { name: string; request: Request }[] = [
  { name: 'minStay 30', request: { minStay: 30 } },
  { name: 'minStay 0', request: { minStay: 0 } },
  { name: 'program filter', request: { program: ['Family Preservation'] } },
  { name: 'two programs, minStay 15', request: { program: [' intensive wraparound ', 'YOUTH MENTORING'], minStay: 15 } },
];

// ------------------------------------------------------------------ comparing

const close = (a: number | null, b: number | null) => (a === null || b === null ? a === b : Math.abs(a - b) <= 1e-9);

/** Every difference between a product estimate and the reference counts, as readable lines. */
function proportionDiffs(where: string, got: ProportionEstimate, want: { n: number; events: number }): string[] {
  const out: string[] = [];
  if (got.n !== want.n || got.events !== want.events) out.push(`${where}: n/events ${got.n}/${got.events}, reference ${want.n}/${want.events}`);
  const rate = want.n > 0 ? want.events / want.n : null;
  const ci = want.n > 0 ? wilson(want.events, want.n) : null;
  if (!close(got.rate, rate)) out.push(`${where}: rate ${got.rate}, reference ${rate}`);
  if (!close(got.ciLow, ci?.low ?? null) || !close(got.ciHigh, ci?.high ?? null)) {
    out.push(`${where}: interval ${got.ciLow}..${got.ciHigh}, reference ${ci?.low}..${ci?.high}`);
  }
  if (got.unstable !== want.n < 20) out.push(`${where}: unstable ${got.unstable} with n ${want.n}`);
  return out;
}

function responseDiffs(where: string, got: MetricResponse<ProportionEstimate>, want: ProportionResult, by: Dimension): string[] {
  const out = proportionDiffs(`${where} overall`, got.overall, want);
  if (JSON.stringify(got.excluded) !== JSON.stringify(want.excluded)) {
    out.push(`${where}: excluded ${JSON.stringify(got.excluded)}, reference ${JSON.stringify(want.excluded)}`);
  }
  if (by === 'none') {
    if (got.groups.length > 0) out.push(`${where}: ${got.groups.length} groups without a grouping`);
    return out;
  }
  const seen = new Set<string>();
  for (const g of got.groups) {
    seen.add(g.key);
    out.push(...proportionDiffs(`${where} group ${g.key}`, g, want.groups.get(g.key) ?? { n: 0, events: 0 }));
  }
  for (const key of want.groups.keys()) if (!seen.has(key)) out.push(`${where}: group ${key} missing (reference n ${want.groups.get(key)!.n})`);
  return out;
}

function survivalDiffs(where: string, got: SurvivalEstimate, want: Survival): string[] {
  const out: string[] = [];
  for (const k of ['n', 'events', 'censored', 'median', 'q25', 'q75'] as const) {
    if (got[k] !== want[k]) out.push(`${where}: ${k} ${got[k]}, reference ${want[k]}`);
  }
  for (const t of ['90', '180', '365', '730'] as const) {
    if (!close(got.stillInServices[t], want.stillInServices[t])) out.push(`${where}: still in services at ${t} ${got.stillInServices[t]}, reference ${want.stillInServices[t]}`);
  }
  return out;
}

function workforceDiffs(where: string, got: Omit<WorkforceFigures, 'retention' | 'tenure' | 'continuity'> & { retention12m: ProportionEstimate | null; tenure: SurvivalEstimate; continuity: ProportionEstimate | null }, want: WorkforceFigures): string[] {
  const out: string[] = [];
  const { headcount: h, separations: s, turnover: t } = got;
  if (h.start !== want.headcount.start || h.end !== want.headcount.end || !close(h.average, want.headcount.average)) {
    out.push(`${where}: headcount ${JSON.stringify(h)}, reference ${JSON.stringify(want.headcount)}`);
  }
  if (s.all !== want.separations.all || s.voluntary !== want.separations.voluntary) out.push(`${where}: separations ${JSON.stringify(s)}, reference ${JSON.stringify(want.separations)}`);
  if (!close(t.all, want.turnover.all) || !close(t.voluntary, want.turnover.voluntary)) out.push(`${where}: turnover ${JSON.stringify(t)}, reference ${JSON.stringify(want.turnover)}`);
  if (want.retention === null) {
    if (got.retention12m !== null) out.push(`${where}: retention ${JSON.stringify(got.retention12m)} before a year has passed`);
  } else if (got.retention12m === null) {
    out.push(`${where}: retention null, reference ${JSON.stringify(want.retention)}`);
  } else {
    out.push(...proportionDiffs(`${where} retention`, got.retention12m, want.retention));
  }
  out.push(...survivalDiffs(`${where} tenure`, got.tenure, want.tenure));
  if (got.continuity === null) out.push(`${where}: continuity null although assignments were imported`);
  else out.push(...proportionDiffs(`${where} continuity`, got.continuity, want.continuity));
  return out;
}

type ProportionGetter = (w: Warehouse, p: Request) => Promise<MetricResponse<ProportionEstimate>>;

// ------------------------------------------------------------------ the reference itself

describe('the reference calculation', () => {
  it('reads a default period of 12 full months before asOf, shifted back for re-entry', () => {
    expect(resolve({}, asOf, 'other')).toMatchObject({ from: '2023-12-01', to: '2024-11-30' });
    expect(resolve({ window: 180 }, asOf, 'reentry')).toMatchObject({ from: '2023-06-01', to: '2024-05-31' });
    expect(resolve({}, asOf, 'reentry')).toMatchObject({ from: '2022-12-01', to: '2023-11-30' });
    expect(resolve({ window: 730 }, asOf, 'reentry')).toMatchObject({ from: '2021-12-01', to: '2022-11-30' });
  });

  it('has data in every corner it checks (concurrent episodes, exclusions of every kind)', () => {
    const episodes = ref.extract.episodes;
    expect(episodes.length).toBeGreaterThan(4000);
    const r = ref.reentry({ from: '2024-01-01', to: '2024-12-31' });
    for (const reason of Object.keys(r.excluded)) expect([reason, r.excluded[reason] > 0]).toEqual([reason, true]);
    const s = ref.successfulExits({ from: '2022-01-01', to: '2022-12-31' });
    for (const reason of Object.keys(s.excluded)) expect([reason, s.excluded[reason] > 0]).toEqual([reason, true]);
    // A client with two episodes open at once: the later start is no re-entry after the earlier one's exit.
    const concurrent = episodes.filter((e) =>
      ref.episodesOfClient.get(e.clientId)!.some((o) => o !== e && o.start <= e.start && (o.end === null || o.end > e.start)),
    );
    expect(concurrent.length).toBeGreaterThan(50);
    // The default periods hold hundreds of records, so equal figures are not equal by being empty.
    for (const window of [180, 365, 730] as const) expect(ref.reentry({ window }).n).toBeGreaterThan(300);
    expect(ref.successfulExits({}).n).toBeGreaterThan(300);
    expect(ref.repeatEntries({}).n).toBeGreaterThan(300);
    expect(ref.timeInServices({}).overall.n).toBeGreaterThan(300);
    expect(ref.workforce({}, 'none').get('')!.headcount.start).toBeGreaterThan(10);
  });
});

// ------------------------------------------------------------------ against the warehouse

describeEachDatabase('metrics/ against the independent reference', (get) => {
  beforeAll(async () => {
    const result = await importExtract(get().warehouse, folder);
    expect(result.status).toBe('committed');
    expect(result.asOf).toBe(asOf);
    // The generator writes only rows the contract accepts, so the reference needs no reject rules.
    expect(result.rejectsByReason).toEqual({});
    for (const [file, counts] of Object.entries(result.files)) expect([file, counts.rejected, counts.loaded]).toEqual([file, 0, counts.read]);
  }, 120_000);

  const proportionMetrics: { name: string; get: ProportionGetter; reference: (r: Request) => ProportionResult; metric: 'reentry' | 'other' }[] = [
    { name: 're-entry', get: getReentry, reference: (r) => ref.reentry(r), metric: 'reentry' },
    { name: 'successful exits', get: getSuccessfulExits, reference: (r) => ref.successfulExits(r), metric: 'other' },
    { name: 'repeat entries', get: getRepeatEntries, reference: (r) => ref.repeatEntries(r), metric: 'other' },
  ];

  for (const m of proportionMetrics) {
    const windows = m.metric === 'reentry' ? ([180, 365, 730] as const) : ([undefined] as const);
    for (const period of periods) {
      it(`${m.name}, ${period.name}: counts, exclusions and rates per group`, async () => {
        const diffs: string[] = [];
        for (const window of windows) {
          for (const by of period.dimensions) {
            const request: Request = { ...period.request, by, ...(window ? { window } : {}) };
            const got = await m.get(get().warehouse, request);
            const resolved = resolve(request, asOf, m.metric);
            const where = `${m.name} ${resolved.from}..${resolved.to}${window ? ` window ${window}` : ''} by ${by}`;
            if (got.params.from !== resolved.from || got.params.to !== resolved.to) diffs.push(`${where}: period ${got.params.from}..${got.params.to}`);
            diffs.push(...responseDiffs(where, got, m.reference(request), by));
          }
        }
        expect(diffs).toEqual([]);
      });
    }
    it(`${m.name}: minStay other than 8 and program filters`, async () => {
      const diffs: string[] = [];
      for (const variant of variants) {
        for (const period of periods.slice(0, 3)) {
          for (const by of ['none', 'race_ethnicity', 'program'] as const) {
            for (const window of windows) {
              const request: Request = { ...period.request, ...variant.request, by, ...(window ? { window } : {}) };
              const got = await m.get(get().warehouse, request);
              const resolved = resolve(request, asOf, m.metric);
              const where = `${m.name} ${variant.name} ${resolved.from}..${resolved.to}${window ? ` window ${window}` : ''} by ${by}`;
              diffs.push(...responseDiffs(where, got, m.reference(request), by));
            }
          }
        }
      }
      expect(diffs).toEqual([]);
    });
  }

  it('re-entry: every exit followed by a start exactly at the end of a window, in a period of its own', async () => {
    // Picked from the data: the bound end_date + window is inclusive (metrics.md 1).
    const cases: Request[] = [];
    for (const e of ref.extract.episodes) {
      if (e.end === null) continue;
      for (const o of ref.episodesOfClient.get(e.clientId)!) {
        const gap = day(o.start) - day(e.end);
        if (gap === 180 || gap === 365 || gap === 730) cases.push({ from: e.end, to: iso(day(e.end) + 30), window: gap, minStay: 0 }, { from: e.end, to: iso(day(e.end) + 30), window: gap, minStay: 8 });
      }
    }
    expect(cases.length).toBeGreaterThan(0);
    const diffs: string[] = [];
    for (const request of cases) {
      for (const by of ['none', 'race_ethnicity'] as const) {
        const got = await getReentry(get().warehouse, { ...request, by });
        diffs.push(...responseDiffs(`re-entry ${request.from}..${request.to} window ${request.window} minStay ${request.minStay} by ${by}`, got, ref.reentry({ ...request, by }), by));
      }
    }
    expect(diffs).toEqual([]);
  });

  const survivalCases: { name: string; request: Request; dimensions: Dimension[] }[] = [
    ...periods,
    ...variants.map((v) => ({ name: v.name, request: { from: '2022-01-01', to: '2022-12-31', ...v.request }, dimensions: ['none', 'race_ethnicity'] as Dimension[] })),
    ...variants.map((v) => ({ name: `${v.name}, default period`, request: v.request, dimensions: ['none', 'age_group'] as Dimension[] })),
  ];
  it('time in services: Kaplan-Meier quartiles, still in services, events and censored per group', async () => {
    const diffs: string[] = [];
    for (const c of survivalCases) {
      for (const by of c.dimensions) {
        const request: Request = { ...c.request, by };
        const got = await getTimeInServices(get().warehouse, request);
        const want = ref.timeInServices(request);
        const resolved = resolve(request, asOf, 'other');
        const where = `time in services ${c.name} ${resolved.from}..${resolved.to} by ${by}`;
        if (got.params.from !== resolved.from || got.params.to !== resolved.to) diffs.push(`${where}: period ${got.params.from}..${got.params.to}`);
        if (got.excluded.shortStay !== want.shortStay) diffs.push(`${where}: shortStay ${got.excluded.shortStay}, reference ${want.shortStay}`);
        diffs.push(...survivalDiffs(`${where} overall`, got.overall, want.overall));
        const seen = new Set<string>();
        for (const g of got.groups) {
          seen.add(g.key);
          const w = want.groups.get(g.key);
          if (!w) diffs.push(`${where}: group ${g.key} not in the reference`);
          else diffs.push(...survivalDiffs(`${where} group ${g.key}`, g, w));
        }
        for (const key of want.groups.keys()) if (!seen.has(key)) diffs.push(`${where}: group ${key} missing`);
      }
    }
    expect(diffs).toEqual([]);
  });

  const workforcePeriods: Request[] = [
    ...periods.map((p) => p.request),
    { from: '2021-01-01', to: '2021-12-31' },
    { from: '2023-02-14', to: '2023-11-03', program: ['In-Home Therapy'] },
  ];
  it('workforce: headcount, separations, turnover, retention, tenure and continuity per group', async () => {
    // Also a period from one facilitator's separation date to another's (picked from the data):
    // a separation on d ends employment on d, and both bounds count as separations in the period.
    const separations = ref.extract.staff.filter((s) => s.role === 'facilitator' && s.separation !== null).map((s) => s.separation!).sort();
    expect(separations.length).toBeGreaterThan(6);
    const boundaries: Request = { from: separations[2], to: separations.at(-3)! };
    // And a period starting 365 days before a separation of someone employed then: not retained.
    const leaver = ref.extract.staff.find((s) => s.role === 'facilitator' && s.separation !== null && s.hire <= iso(day(s.separation) - 365))!;
    const yearBefore = iso(day(leaver.separation!) - 365);
    const retention: Request = { from: yearBefore, to: iso(day(yearBefore) + 200) };
    const diffs: string[] = [];
    for (const request of [...workforcePeriods, boundaries, retention]) {
      for (const by of ['none', 'supervisor', 'certified'] as const) {
        const { by: _ignored, ...common } = request;
        const got = await getWorkforce(get().warehouse, { ...common, by });
        const want = ref.workforce(common, by);
        const resolved = resolve(common, asOf, 'other');
        const where = `workforce ${resolved.from}..${resolved.to}${common.program ? ` ${common.program}` : ''} by ${by}`;
        if (got.params.from !== resolved.from || got.params.to !== resolved.to) diffs.push(`${where}: period ${got.params.from}..${got.params.to}`);
        diffs.push(...workforceDiffs(`${where} overall`, got, want.get('')!));
        const seen = new Set<string>();
        for (const g of got.groups) {
          seen.add(g.key);
          const w = want.get(g.key);
          if (!w || g.key === '') diffs.push(`${where}: group ${g.key} not in the reference`);
          else diffs.push(...workforceDiffs(`${where} group ${g.key}`, g, w));
        }
        // A team with nobody employed in the period and nothing else to show is left out (metrics/workforce/README).
        const empty = (w: WorkforceFigures) => w.headcount.start === 0 && w.headcount.end === 0 && w.headcount.average === 0 && w.separations.all === 0 && w.tenure.n === 0 && w.continuity.n === 0;
        for (const [key, w] of want) if (key !== '' && !seen.has(key) && !empty(w)) diffs.push(`${where}: group ${key} missing`);
      }
    }
    expect(diffs).toEqual([]);
  });
});

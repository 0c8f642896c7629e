// The data endpoints on a small generated extract: every endpoint x role x format,
// bad input, CSV files, and a property test searching funder responses for small cells or names.
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { describeEachDatabase } from '../../helpers/databases.ts';
import { createRoleUsers, passwords, startServer, type Credentials, type TestServer } from './server.ts';
import { saveUser } from '../../../api/access/users.ts';
import { loadFixture, removeSmallExtract, smallCountsInCsv, smallCountsInJson, type Staffing } from './fixture.ts';

type Role = 'anonymous' | 'leader' | 'supervisor' | 'funder';
const period = 'from=2022-01-01&to=2023-12-31';
afterAll(removeSmallExtract);

describeEachDatabase('api data endpoints', (get) => {
  let server: TestServer;
  let staffing: Staffing;
  const as: Record<Role, Credentials> = { anonymous: null, leader: null, supervisor: null, funder: null };

  beforeAll(async () => {
    staffing = await loadFixture(get().warehouse);
    await createRoleUsers(get().warehouse, staffing.supervisorId);
    server = await startServer(get().warehouse);
    as.leader = await server.signIn('lee', passwords.leader);
    as.supervisor = await server.signIn('sue', passwords.supervisor);
    as.funder = await server.signIn('fay', passwords.funder);
  });
  afterAll(() => server?.close());

  const names = (list: { staffId: string; name: string }[]) => list.map((s) => s.name);
  /** Staff names appearing in a body (escaped as JSON or CSV would write them). */
  const namesIn = (text: string, list: { staffId: string; name: string }[]) => list.filter((s) => text.includes(s.name) || text.includes(JSON.stringify(s.name).slice(1, -1)));
  const idsIn = (text: string, list: { staffId: string; name: string }[]) => list.filter((s) => new RegExp(`(^|[",])${s.staffId}([",]|$)`, 'm').test(text));

  // Every endpoint and, per role, the status it must answer (anonymous is always 401 but health).
  function endpoints() {
    const own = staffing.team[0].staffId;
    const other = staffing.others[0].staffId;
    return [
      { path: `/api/metrics/reentry?${period}&by=race_ethnicity`, leader: 200, supervisor: 200, funder: 200 },
      { path: `/api/metrics/reentry?${period}&by=facilitator`, leader: 200, supervisor: 200, funder: 403 },
      { path: `/api/metrics/successful-exits?${period}&by=supervisor`, leader: 200, supervisor: 200, funder: 403 },
      { path: `/api/metrics/successful-exits?${period}&by=county`, leader: 200, supervisor: 200, funder: 200 },
      { path: `/api/metrics/repeat-entries?${period}&by=gender`, leader: 200, supervisor: 200, funder: 200 },
      { path: `/api/metrics/time-in-services?${period}&by=age_group`, leader: 200, supervisor: 200, funder: 200 },
      { path: `/api/metrics/workforce?${period}`, leader: 200, supervisor: 200, funder: 200 },
      { path: `/api/metrics/workforce?${period}&by=supervisor`, leader: 200, supervisor: 200, funder: 403 },
      { path: `/api/equity?${period}&metric=reentry&dimension=race_ethnicity`, leader: 200, supervisor: 200, funder: 200 },
      { path: `/api/equity?${period}&metric=successful-exits&dimension=facilitator`, leader: 200, supervisor: 200, funder: 403 },
      { path: `/api/equity?${period}&metric=time-in-services&dimension=gender`, leader: 200, supervisor: 200, funder: 200 },
      { path: `/api/facilitators?${period}&metric=reentry`, leader: 200, supervisor: 200, funder: 200 },
      { path: `/api/facilitators?${period}&metric=reentry&by=none`, leader: 200, supervisor: 200, funder: 200 },
      { path: `/api/facilitators?${period}&metric=reentry&by=race_ethnicity`, leader: 200, supervisor: 200, funder: 403 },
      { path: `/api/facilitators?${period}&metric=successful-exits&by=county`, leader: 200, supervisor: 200, funder: 403 },
      { path: `/api/facilitators/${own}?${period}`, leader: 200, supervisor: 200, funder: 403 },
      { path: `/api/facilitators/${own}?${period}&section=trend`, leader: 200, supervisor: 200, funder: 403 },
      { path: `/api/facilitators/${other}?${period}`, leader: 200, supervisor: 403, funder: 403 },
      { path: `/api/imports`, leader: 200, supervisor: 403, funder: 403 },
      { path: `/api/imports/1/rejects`, leader: 200, supervisor: 403, funder: 403 },
      { path: `/api/imports/1`, leader: 200, supervisor: 403, funder: 403, json: true },
      { path: `/api/filters`, leader: 200, supervisor: 200, funder: 200 },
      { path: `/api/trend?${period}&metric=successful-exits`, leader: 200, supervisor: 200, funder: 200 },
      { path: `/api/trend?${period}&metric=time-in-services&count=4`, leader: 200, supervisor: 200, funder: 200 },
      { path: `/api/trend?${period}&metric=workforce`, leader: 200, supervisor: 200, funder: 200 },
    ];
  }

  it('answers every endpoint for every role and format with the right status, names and small cells', async () => {
    let leaderSawSmallCount = false;
    let leaderSawOtherNames = false;
    for (const endpoint of endpoints()) {
      for (const format of endpoint.json ? ['json'] : ['json', 'csv']) {
        const path = endpoint.path + (format === 'csv' ? `${endpoint.path.includes('?') ? '&' : '?'}format=csv` : '');
        for (const role of ['anonymous', 'leader', 'supervisor', 'funder'] as Role[]) {
          const res = await server.request(path, { as: as[role] });
          const text = await res.text();
          const where = `${role} ${path}`;
          const expected = role === 'anonymous' ? 401 : endpoint[role];
          expect(res.status, `${where}: ${text.slice(0, 300)}`).toBe(expected);
          if (res.status !== 200) {
            expect(JSON.parse(text), where).toMatchObject({ error: expect.any(String), issues: expect.any(Array) });
            continue;
          }
          expect(res.headers.get('content-type'), where).toMatch(format === 'csv' ? /^text\/csv/ : /^application\/json/);
          if (role === 'funder') {
            expect(namesIn(text, staffing.everyone), where).toEqual([]);
            expect(idsIn(text, staffing.everyone), where).toEqual([]);
            expect(format === 'csv' ? smallCountsInCsv(text) : smallCountsInJson(JSON.parse(text)), where).toEqual([]);
          }
          if (role === 'supervisor') {
            expect(namesIn(text, staffing.others), where).toEqual([]);
            expect(idsIn(text, staffing.others), where).toEqual([]);
          }
          if (role === 'leader') {
            leaderSawSmallCount ||= (format === 'csv' ? smallCountsInCsv(text) : smallCountsInJson(JSON.parse(text))).length > 0;
            leaderSawOtherNames ||= namesIn(text, staffing.others).length > 0;
          }
        }
      }
    }
    // The fixture does have small cells and other teams' names, so the checks above could fail.
    expect(leaderSawSmallCount).toBe(true);
    expect(leaderSawOtherNames).toBe(true);
  });

  it('names the supervisor’s own team in by=facilitator groups and the facilitator list', async () => {
    const grouped = await (await server.request(`/api/metrics/reentry?${period}&by=facilitator`, { as: as.supervisor })).json();
    const labels = grouped.groups.map((g: { label: string | null }) => g.label).filter(Boolean);
    expect(labels.length).toBeGreaterThan(0);
    expect(labels.every((l: string) => names(staffing.team).includes(l))).toBe(true);
    const list = await (await server.request(`/api/facilitators?${period}`, { as: as.supervisor })).json();
    const named = list.facilitators.filter((f: { name: string | null }) => f.name);
    expect(named.every((f: { staffId: string }) => staffing.team.some((t) => t.staffId === f.staffId))).toBe(true);
    expect(list.facilitators.some((f: { name: string | null }) => f.name === null)).toBe(true);
  });

  it('shapes one cached result for each viewer: two supervisors of different teams never get each other’s names', async () => {
    // The figures are computed once and kept; what each viewer gets is shaped (and rendered) per role and team.
    const otherSupervisor = (
      await get().warehouse.withClient((c) => c.query<{ supervisor_id: string }>('SELECT supervisor_id FROM staff WHERE staff_id = $1', [staffing.others[0].staffId]))
    ).rows[0].supervisor_id;
    expect(otherSupervisor).not.toBe(staffing.supervisorId);
    await saveUser(get().warehouse, { username: 'sam', role: 'supervisor', staffId: otherSupervisor, password: passwords.supervisor });
    const sam = await server.signIn('sam', passwords.supervisor);
    const namedFor = async (who: Credentials) => {
      const body = await (await server.request(`/api/facilitators?${period}&metric=successful-exits`, { as: who })).json();
      return body.facilitators.filter((f: { name: string | null }) => f.name).map((f: { staffId: string }) => f.staffId).sort();
    };
    const leaderNames = await namedFor(as.leader);
    const sueNames = await namedFor(as.supervisor);
    const samNames = await namedFor(sam);
    expect(sueNames.length).toBeGreaterThan(0);
    expect(samNames).toContain(staffing.others[0].staffId);
    expect(sueNames.every((id: string) => staffing.team.some((t) => t.staffId === id))).toBe(true);
    expect(samNames.some((id: string) => sueNames.includes(id))).toBe(false);
    expect(leaderNames.length).toBeGreaterThan(sueNames.length + samNames.length - 1);
    expect(await namedFor(as.funder)).toEqual([]);
    // And again, now from the rendered cache: the same answers.
    expect(await namedFor(as.supervisor)).toEqual(sueNames);
    expect(await namedFor(sam)).toEqual(samNames);
  });

  it('tags each rendered answer: the same tag for the same viewer, 304 when it still matches, another tag for another role', async () => {
    const path = `/api/facilitators?${period}&metric=repeat-entries`;
    const first = await server.request(path, { as: as.leader });
    const tag = first.headers.get('etag');
    const text = await first.text();
    expect(tag).toMatch(/^W\/"[0-9a-f]+-[A-Za-z0-9+/]{27}"$/);
    // The tag covers the body sent: its length in hex, as Express's own tags.
    expect(tag!.slice(3, tag!.indexOf('-'))).toBe(Buffer.byteLength(text).toString(16));
    expect(first.headers.get('content-type')).toMatch(/^application\/json/);
    const again = await server.request(path, { as: as.leader });
    expect(again.headers.get('etag')).toBe(tag);
    expect(await again.text()).toBe(text);
    // (fetch adds Cache-Control: no-cache to a conditional request unless told otherwise, which always gets a body.)
    const conditional = { 'if-none-match': tag!, 'cache-control': 'max-age=0' };
    const unchanged = await server.request(path, { as: as.leader, headers: conditional });
    expect(unchanged.status).toBe(304);
    expect(await unchanged.text()).toBe('');
    // A funder's answer is shaped otherwise (no names), so it is another entity with another tag.
    const funder = await server.request(path, { as: as.funder, headers: conditional });
    expect(funder.status).toBe(200);
    expect(funder.headers.get('etag')).not.toBe(tag);
  });

  it("compares, for a funder, only facilitators without a small cell: nothing in the answer depends on a withheld one", async () => {
    const small = (v: number) => v > 0 && v < 11;
    const comparedOf = (rows: { n: number; events: number }[]) => rows.filter((f) => !small(f.n) && !small(f.events));
    // A request where some facilitators have a small cell and some none (the small extract has both in these).
    const candidates = ['reentry', 'successful-exits', 'repeat-entries'].flatMap((m) => [`${period}&metric=${m}`, `from=2023-01-01&to=2023-12-31&metric=${m}`]);
    let path = '';
    let leader: { facilitators: { n: number; events: number }[] } = { facilitators: [] };
    for (const query of candidates) {
      leader = await (await server.request(`/api/facilitators?${query}`, { as: as.leader })).json();
      const kept = comparedOf(leader.facilitators).length;
      if (kept > 0 && kept < leader.facilitators.length) {
        path = `/api/facilitators?${query}`;
        break;
      }
    }
    expect(path).not.toBe('');
    const funder = await (await server.request(path, { as: as.funder })).json();
    const compared = comparedOf(leader.facilitators);
    expect(funder.params.minimumCell).toBe(11);
    expect(funder.facilitators).toHaveLength(compared.length);
    // The funder's overall is the sum of the points it is sent, so it gives nothing withheld back.
    const sum = (rows: { n: number; events: number }[]) => [rows.reduce((s, f) => s + f.n, 0), rows.reduce((s, f) => s + f.events, 0)];
    expect([funder.overall.n, funder.overall.events]).toEqual(sum(funder.facilitators));
    expect([funder.overall.n, funder.overall.events]).toEqual(sum(compared));
    // Expected events come from the compared facilitators' own strata rates, so they add up to their events
    // (indirect standardisation over one set); with the left-out facilitators in the rates they would not.
    const expectedSum = (rows: { expected: number }[]) => rows.reduce((s, f) => s + f.expected, 0);
    expect(expectedSum(funder.facilitators)).toBeCloseTo(funder.overall.events, 9);
    expect(Math.abs(expectedSum(compared as unknown as { expected: number }[]) - funder.overall.events)).toBeGreaterThan(1e-6);
  });

  it('splits facilitators by a client group: every cell for leaders, the own team’s for a supervisor, none for funders', async () => {
    type Cell = { key: string; label: string; n: number; events: number; rate: number | null; ciLow: number | null; ciHigh: number | null; unstable: boolean; suppressed: boolean };
    type Row = { staffId: string | null; name: string | null; n: number; events: number; groups?: Cell[] };
    const path = `/api/facilitators?${period}&metric=reentry&by=race_ethnicity`;
    const leader = await (await server.request(path, { as: as.leader })).json();
    const rows: Row[] = leader.facilitators;
    expect(leader.params.by).toBe('race_ethnicity');
    expect(rows.length).toBeGreaterThan(2);
    for (const f of rows) {
      expect(f.groups!.length, String(f.staffId)).toBeGreaterThan(0);
      expect(f.groups!.reduce((s, g) => s + g.n, 0)).toBe(f.n);
      expect(f.groups!.reduce((s, g) => s + g.events, 0)).toBe(f.events);
    }
    // Summed over facilitators, the cells are the agency's groups.
    const agency = await (await server.request(`/api/metrics/reentry?${period}&by=race_ethnicity`, { as: as.leader })).json();
    for (const g of agency.groups as Cell[]) {
      const cells = rows.flatMap((f) => f.groups!.filter((c) => c.key === g.key));
      expect([g.key, cells.reduce((s, c) => s + c.n, 0), cells.reduce((s, c) => s + c.events, 0)]).toEqual([g.key, g.n, g.events]);
    }
    // Without by (or by=none) the rows carry no groups.
    const plain = await (await server.request(`/api/facilitators?${period}&metric=reentry`, { as: as.leader })).json();
    expect(plain.facilitators.some((f: Row) => 'groups' in f)).toBe(false);
    expect(await (await server.request(`/api/facilitators?${period}&metric=reentry&by=none`, { as: as.leader })).json()).toEqual(plain);

    // A supervisor: cells on the named (own team) rows only, exactly the leader's; unnamed rows have no groups key.
    const supervisor: Row[] = (await (await server.request(path, { as: as.supervisor })).json()).facilitators;
    const named = supervisor.filter((f) => f.name !== null);
    expect(named.length).toBeGreaterThan(0);
    expect(supervisor.some((f) => f.name === null)).toBe(true);
    for (const f of supervisor) {
      if (f.name === null) expect('groups' in f).toBe(false);
      else {
        expect(staffing.team.map((t) => t.staffId)).toContain(f.staffId);
        expect(f.groups).toEqual(rows.find((r) => r.staffId === f.staffId)!.groups);
      }
    }

    // A funder: 403 with a sentence that says why, for JSON and CSV alike.
    for (const format of ['', '&format=csv']) {
      const refused = await server.request(path + format, { as: as.funder });
      expect(refused.status).toBe(403);
      expect((await refused.json()).error).toMatch(/Funders may not split facilitators by race_ethnicity/);
    }

    // CSV: one row per facilitator x group, the same rows as the JSON, for the leader and for the supervisor.
    for (const [role, json] of [['leader', rows], ['supervisor', supervisor]] as const) {
      const res = await server.request(`${path}&format=csv`, { as: as[role] });
      expect(res.headers.get('content-disposition')).toBe(`attachment; filename="facilitators_reentry_by-race_ethnicity_2022-01-01_2023-12-31_asof-${leader.asOf}.csv"`);
      const csv = parse(await res.text(), { columns: true }) as Record<string, string>[];
      const cell = (v: unknown) => (v === null || v === undefined ? '' : String(v));
      const expected = json.flatMap((f) => (f.groups ?? []).map((g) => ({
        staffId: cell(f.staffId), name: cell(f.name), groupKey: g.key, groupLabel: g.label, n: cell(g.n), events: cell(g.events),
        rate: cell(g.rate), ciLow: cell(g.ciLow), ciHigh: cell(g.ciHigh), unstable: String(g.unstable), suppressed: String(g.suppressed),
        // The facilitator's own number of cases: the heat map table's "Cases" column.
        facilitatorN: cell(f.n),
      })));
      expect(csv, role).toEqual(expected);
      expect(csv.length, role).toBeGreaterThan(0);
    }
  });

  it('serves CSV with the same rows as the JSON and a file name that says what and when', async () => {
    const path = `/api/metrics/reentry?${period}&by=race_ethnicity`;
    const json = await (await server.request(path, { as: as.leader })).json();
    const res = await server.request(`${path}&format=csv`, { as: as.leader });
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="reentry_by-race_ethnicity_2022-01-01_2023-12-31_asof-${json.asOf}.csv"`);
    const rows = parse(await res.text(), { columns: true }) as Record<string, string>[];
    expect(rows.length).toBe(1 + json.groups.length);
    expect(rows[0]).toMatchObject({ row: 'overall', label: 'All', n: String(json.overall.n), events: String(json.overall.events) });
    json.groups.forEach((g: { key: string; n: number; rate: number | null }, i: number) => {
      expect(rows[i + 1]).toMatchObject({ row: 'group', key: g.key, n: String(g.n), rate: g.rate === null ? '' : String(g.rate), suppressed: 'false' });
    });
    // A funder's suppressed cells are empty, with suppressed=true.
    const funderRows = parse(await (await server.request(`${path}&format=csv`, { as: as.funder })).text(), { columns: true }) as Record<string, string>[];
    const hidden = funderRows.filter((r) => r.suppressed === 'true');
    expect(hidden.length).toBeGreaterThan(0);
    expect(hidden.every((r) => r.n === '' && r.events === '' && r.rate === '' && r.ciLow === '')).toBe(true);
    // Exports are audited.
    const audited = await get().warehouse.withClient((c) => c.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE action = 'csv_export'"));
    expect(audited.rows[0].n).toBeGreaterThan(0);
  });

  it('gives a trend as each quarter\'s own figure: the quarters before the period\'s end, one CSV row each', async () => {
    for (const metric of ['reentry', 'successful-exits', 'repeat-entries', 'time-in-services', 'workforce']) {
      const window = metric === 'reentry' ? '&window=180' : '';
      const trend = await (await server.request(`/api/trend?${period}&metric=${metric}${window}`, { as: as.leader })).json();
      // 2023-12-31 ends a quarter: the eight quarters 2022-Q1 to 2023-Q4, oldest first.
      expect(trend.periods.map((q: { period: string }) => q.period), metric).toEqual(['2022-Q1', '2022-Q2', '2022-Q3', '2022-Q4', '2023-Q1', '2023-Q2', '2023-Q3', '2023-Q4']);
      for (const q of trend.periods) {
        const own = await (await server.request(`/api/metrics/${metric}?from=${q.from}&to=${q.to}${window}`, { as: as.leader })).json();
        const { period: _p, from: _f, to: _t, ...figures } = q;
        if (metric === 'workforce') {
          const { metric: _m, params: _pa, asOf: _a, groups: _g, caseload: _c, ...expected } = own;
          expect(figures, `${metric} ${q.period}`).toEqual(expected);
        } else {
          const { curve: _curve, ...expected } = own.overall;
          expect(figures, `${metric} ${q.period}`).toEqual(expected);
        }
      }
      const csv = parse(await (await server.request(`/api/trend?${period}&metric=${metric}&format=csv`, { as: as.leader })).text(), { columns: true }) as Record<string, string>[];
      expect(csv.map((r) => r.period), metric).toEqual(trend.periods.map((q: { period: string }) => q.period));
    }
    const four = await (await server.request(`/api/trend?from=2023-01-01&to=2023-11-30&metric=successful-exits&count=2`, { as: as.leader })).json();
    // 2023-11-30 is inside 2023-Q4: the last two quarters ending by then are Q2 and Q3.
    expect(four.periods.map((q: { period: string }) => q.period)).toEqual(['2023-Q2', '2023-Q3']);
    // Years: the last `count` calendar years up to `to`'s, the last one ending on `to` (the Workforce page's hire years).
    const years = await (await server.request(`/api/trend?to=2023-09-30&metric=workforce&per=year&count=3`, { as: as.leader })).json();
    expect(years.periods.map((y: { period: string; from: string; to: string }) => [y.period, y.from, y.to])).toEqual([
      ['2021', '2021-01-01', '2021-12-31'], ['2022', '2022-01-01', '2022-12-31'], ['2023', '2023-01-01', '2023-09-30'],
    ]);
    for (const y of years.periods) {
      const { metric: _m, params: _p, asOf: _a, groups: _g, caseload: _c, ...expected } = await (await server.request(`/api/metrics/workforce?from=${y.from}&to=${y.to}`, { as: as.leader })).json();
      const { period: _y, from: _f, to: _t, ...figures } = y;
      expect(figures, y.period).toEqual(expected);
    }
    const yearsCsv = await server.request(`/api/trend?to=2023-09-30&metric=workforce&per=year&count=3&format=csv`, { as: as.leader });
    expect(yearsCsv.headers.get('content-disposition')).toBe(`attachment; filename="workforce_by-year_2021-01-01_2023-09-30_asof-${years.asOf}.csv"`);
    // Every number of the Workforce page's tenure table (hires, leavers, median with its interval, the share still
    // employed at 180, 365 and 730 days with its interval) is in the CSV its figure links to, for each role that sees it.
    for (const role of ['leader', 'funder'] as const) {
      const path = `/api/trend?to=2023-09-30&metric=workforce&per=year&count=3`;
      const json = role === 'leader' ? years : await (await server.request(path, { as: as[role] })).json();
      const csv = parse(await (await server.request(`${path}&format=csv`, { as: as[role] })).text(), { columns: true }) as Record<string, string>[];
      const cell = (v: unknown) => (v === null || v === undefined ? '' : String(v));
      const tenureColumns = (t: Record<string, any>) => ({
        tenureN: cell(t.n), tenureEvents: cell(t.events), tenureMedian: cell(t.median), tenureMedianLow: cell(t.medianLow), tenureMedianHigh: cell(t.medianHigh),
        ...Object.fromEntries(['180', '365', '730'].flatMap((d) => [
          [`retained${d}`, cell(t.stillInServices?.[d])], [`retained${d}Low`, cell(t.stillInServicesLow?.[d])], [`retained${d}High`, cell(t.stillInServicesHigh?.[d])],
        ])),
      });
      expect(csv.map((r) => Object.fromEntries(Object.keys(tenureColumns({})).map((c) => [c, r[c]]))), role).toEqual(json.periods.map((y: { tenure: Record<string, any> | null }) => tenureColumns(y.tenure ?? {})));
      // Not vacuous: the leader's hire years have a share with its interval.
      if (role === 'leader') expect(csv.some((r) => ['180', '365', '730'].some((d) => r[`retained${d}Low`] !== '' && r[`retained${d}High`] !== ''))).toBe(true);
    }
    const detail = await server.request(`/api/facilitators/${staffing.team[0].staffId}?${period}&section=trends&format=csv`, { as: as.leader });
    expect([detail.status, (await detail.json()).issues[0].path]).toEqual([400, 'section']);
    for (const bad of ['count=0', 'count=13', 'count=x', 'per=month', 'metric=equity', 'by=gender']) {
      const res = await server.request(bad.startsWith('metric=') ? `/api/trend?${bad}` : `/api/trend?metric=reentry&${bad}`, { as: as.leader });
      expect(res.status, bad).toBe(400);
      expect((await res.json()).issues[0].path, bad).toBe(bad.split('=')[0]);
    }
  });

  it('refuses bad parameters with 400 naming the parameter', async () => {
    const cases: [string, string][] = [
      ['from=2023-13-01', 'from'],
      ['from=yesterday', 'from'],
      ["from=' OR 1=1 --", 'from'],
      ['from=2023-06-01&to=2023-01-01', 'from'],
      ['window=200', 'window'],
      ['window=abc', 'window'],
      ['window=1e400', 'window'],
      ['minStay=-1', 'minStay'],
      ['minStay=1.5', 'minStay'],
      ['minStay=99999999999999999999', 'minStay'],
      ['by=client', 'by'],
      ["by=' OR 1=1 --", 'by'],
      ['program=', 'program'],
      [`county=${'x'.repeat(300)}`, 'county'],
      ['format=xml', 'format'],
      ['window=180&window=365', 'window'],
      ['foo=1', 'foo'],
      ['from[]=2023-01-01', 'from[]'],
      // No stored text holds a NUL; dates whose default other end would leave years 1900 to 2999.
      ['program=a%00b', 'program'],
      ['county=%00', 'county'],
      ['from=9999-06-01', 'from'],
      ['to=0001-01-01', 'to'],
      ['from=0000-01-01&to=0000-12-31', 'from'],
    ];
    for (const [query, parameter] of cases) {
      const res = await server.request(`/api/metrics/reentry?${query}`, { as: as.leader });
      const text = await res.text();
      expect(res.status, query).toBe(400);
      const body = JSON.parse(text);
      expect(body.issues.map((i: { path: string }) => i.path), query).toContain(parameter);
      expect(text).not.toMatch(/\n\s+at /);
    }
    // Several unknown parameters: one issue each, named.
    const unknown = await server.request('/api/metrics/reentry?foo=1&bar=2', { as: as.leader });
    expect((await unknown.json()).issues).toEqual([{ path: 'foo', message: 'Unknown parameter: foo.' }, { path: 'bar', message: 'Unknown parameter: bar.' }]);
    // The common parameters are taken everywhere: re-entry's window changes nothing of the workforce figures, but a
    // bad one is still a 400 naming it.
    const workforce = await (await server.request(`/api/metrics/workforce?${period}`, { as: as.leader })).json();
    expect(await (await server.request(`/api/metrics/workforce?${period}&window=180`, { as: as.leader })).json()).toEqual(workforce);
    expect((await (await server.request(`/api/metrics/workforce?${period}&window=12`, { as: as.leader })).json()).issues[0].path).toBe('window');
    const equity = await server.request('/api/equity?metric=workforce', { as: as.leader });
    expect(equity.status).toBe(400);
    expect((await equity.json()).issues[0].path).toBe('metric');
    // A reference that is no value of a fixed-list dimension (or is unknown), for both kinds of equity.
    for (const query of ['reference=whte', 'reference=unknown', 'metric=time-in-services&reference=bogus', 'dimension=gender&reference=white']) {
      const res = await server.request(`/api/equity?${query}`, { as: as.leader });
      expect([res.status, (await res.json()).issues[0].path], query).toEqual([400, 'reference']);
    }
    const rejects = await server.request('/api/imports/1/rejects?page=0', { as: as.leader });
    expect((await rejects.json()).issues[0].path).toBe('page');
    expect((await server.request('/api/imports/abc', { as: as.leader })).status).toBe(400);
    expect((await server.request('/api/imports/999999', { as: as.leader })).status).toBe(404);
    expect((await server.request('/api/facilitators/nobody-here', { as: as.leader })).status).toBe(404);
    for (const staffId of ['S'.repeat(70), '%20', 'S1%00']) {
      const res = await server.request(`/api/facilitators/${staffId}`, { as: as.leader });
      expect(res.status, staffId).toBe(400);
      expect((await res.json()).issues.map((i: { path: string }) => i.path), staffId).toEqual(['staffId']);
    }
    const nul = await server.request('/api/imports/1/rejects?reason=%00', { as: as.leader });
    expect(nul.status).toBe(400);
    expect((await nul.json()).issues[0].path).toBe('reason');
    // Facilitators split only by a client or episode dimension: a staff dimension or anything else is a bad `by`.
    for (const by of ['facilitator', 'supervisor', 'client', "' OR 1=1 --"]) {
      const res = await server.request(`/api/facilitators?metric=reentry&by=${encodeURIComponent(by)}`, { as: as.leader });
      expect(res.status, by).toBe(400);
      const body = await res.json();
      expect(body.issues.map((i: { path: string }) => i.path), by).toEqual(['by']);
      expect(body.issues[0].message).toMatch(/race_ethnicity/);
    }
    // Unknown parameters are a 400 naming them everywhere, also where nothing else is asked; equity's groups are `dimension`'s.
    for (const [path, name] of [['/api/filters?x=1', 'x'], ['/api/health?x=1', 'x'], ['/api/me?format=csv', 'format'], [`/api/equity?${period}&by=gender`, 'by']]) {
      const res = await server.request(path, { as: as.leader });
      expect(res.status, path).toBe(400);
      expect((await res.json()).issues.map((i: { path: string }) => i.path), path).toEqual([name]);
    }
    const filters = await (await server.request('/api/filters', { as: as.leader })).json();
    const filtersCsv = parse(await (await server.request('/api/filters?format=csv', { as: as.leader })).text(), { columns: true }) as Record<string, string>[];
    expect(filtersCsv.filter((r) => r.kind === 'program').map((r) => [r.key, r.label])).toEqual(filters.programs.map((p: { key: string; label: string }) => [p.key, p.label]));
    expect(filtersCsv.filter((r) => r.kind === 'county').map((r) => r.key)).toEqual(filters.counties);
    expect(filtersCsv.filter((r) => r.kind !== 'program' && r.kind !== 'county').map((r) => [r.kind, r.key, r.label, r.suppressed])).toEqual([
      ['period', 'first', filters.period.first, 'false'],
      ['period', 'last', filters.period.last, 'false'],
      ['asOf', 'asOf', filters.asOf, 'false'],
    ]);
    // Every CSV has the suppressed column, also where nothing is ever suppressed.
    for (const path of ['/api/imports?format=csv', '/api/imports/1/rejects?format=csv']) {
      const header = (await (await server.request(path, { as: as.leader })).text()).split('\r\n')[0];
      expect(header.split(',').at(-1), path).toBe('suppressed');
    }
  });

  it('treats injection strings in filters as plain values', async () => {
    const res = await server.request(`/api/metrics/reentry?${period}&program=${encodeURIComponent("' OR 1=1 --")}&county=${encodeURIComponent('x"; DROP TABLE episodes; --')}`, { as: as.leader });
    expect(res.status).toBe(200);
    expect((await res.json()).overall.n).toBe(0);
    const still = await get().warehouse.withClient((c) => c.query<{ n: number }>('SELECT count(*)::int AS n FROM episodes'));
    expect(still.rows[0].n).toBeGreaterThan(0);
  });

  it('never gives a funder a count from 1 to 10 or a staff name, whatever the filters (property)', async () => {
    const dimensions = ['none', 'program', 'county', 'race_ethnicity', 'gender', 'age_group', 'primary_language'];
    const day = fc.integer({ min: 0, max: 6 * 365 }).map((d) => new Date(Date.UTC(2019, 0, 1) + d * 86_400_000).toISOString().slice(0, 10));
    const request = fc.record({
      endpoint: fc.constantFrom('metrics/reentry', 'metrics/successful-exits', 'metrics/repeat-entries', 'metrics/time-in-services', 'equity', 'facilitators', 'metrics/workforce'),
      dates: fc.tuple(day, day).map(([a, b]) => (a <= b ? [a, b] : [b, a])),
      window: fc.constantFrom(180, 365, 730),
      minStay: fc.integer({ min: 0, max: 30 }),
      by: fc.constantFrom(...dimensions),
      program: fc.subarray(staffing.programs, { maxLength: 2 }),
      county: fc.subarray(staffing.counties, { maxLength: 2 }),
      equityMetric: fc.constantFrom('reentry', 'successful-exits', 'repeat-entries', 'time-in-services'),
      format: fc.constantFrom('json', 'csv'),
    });
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const q = new URLSearchParams({ from: r.dates[0], to: r.dates[1], minStay: String(r.minStay), format: r.format });
        if (r.endpoint === 'metrics/reentry') q.set('window', String(r.window));
        if (r.endpoint === 'equity') {
          q.set('metric', r.equityMetric);
          q.set('dimension', r.by === 'none' ? 'race_ethnicity' : r.by);
        } else if (r.endpoint === 'facilitators') q.set('metric', r.equityMetric === 'time-in-services' ? 'reentry' : r.equityMetric);
        else if (r.endpoint !== 'metrics/workforce') q.set('by', r.by);
        for (const p of r.program) q.append('program', p);
        for (const c of r.county) q.append('county', c);
        const res = await server.request(`/api/${r.endpoint}?${q}`, { as: as.funder });
        const text = await res.text();
        expect(res.status, `${r.endpoint}?${q}: ${text.slice(0, 200)}`).toBe(200);
        expect(namesIn(text, staffing.everyone)).toEqual([]);
        expect(idsIn(text, staffing.everyone)).toEqual([]);
        expect(r.format === 'csv' ? smallCountsInCsv(text) : smallCountsInJson(JSON.parse(text)), `${r.endpoint}?${q}`).toEqual([]);
      }),
      { numRuns: 40, seed: 20250630 },
    );
  });
});

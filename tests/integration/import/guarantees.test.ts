// What an import guarantees (data-contract.md): file-level aborts write
// nothing, the reject-rate guard, --replace, --as-of, idempotent upserts,
// assignments replaced per episode, one import at a time.
import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, expect, it } from 'vitest';
import { describeEachDatabase } from '../../helpers/databases.ts';
import { openWarehouse } from '../../../sql/db.ts';
import { migrate } from '../../../sql/migrate.ts';
import { importDate } from '../../../etl/dates.ts';
import { importExtract } from '../../../etl/importExtract.ts';
import { base, extractWith, header, rejectsOf, snapshot } from './extracts.ts';

describeEachDatabase('import guarantees', (get) => {
  const runOf = async (id: number) =>
    (await get().warehouse.withClient((c) => c.query<Record<string, unknown>>('SELECT status, as_of, source, files, message FROM import_runs WHERE id = $1', [id]))).rows[0];

  beforeEach(async () => {
    const result = await importExtract(get().warehouse, extractWith({ 'assignments.csv': base.assignments }), { replace: true });
    expect(result.status).toBe('committed');
  });

  const fileErrors: [string, Record<string, string | Buffer | string[] | null>, RegExp][] = [
    ['a required file is missing', { 'clients.csv': null }, /The extract has no clients\.csv/],
    ['a required column is missing', { 'episodes.csv': ['episode_id,client_id,program,start_date', 'E9,C1,wrap,2023-01-01'] }, /episodes\.csv has no facilitator_id column/],
    ['a column appears twice', { 'staff.csv': [header.staff + ',Name', ...base.staff.slice(1).map((r) => r + ',x')] }, /staff\.csv has the column name twice/],
    ['a file is empty', { 'staff.csv': '' }, /staff\.csv is empty/],
    ['a quoted field is never closed (late in the last file)', { 'episodes.csv': [...base.episodes, 'E9,C1,"wrap,S2,2023-01-01,,'] }, /episodes\.csv is not valid CSV: the quoted field opened on line 4 is never closed/],
    ['text follows a closing quote', { 'clients.csv': [...base.clients, 'C9,"2010-01-01"x,white,male,,'] }, /clients\.csv is not valid CSV: line 4 has text after a closing quote/],
    ['a file is not UTF-8', { 'clients.csv': Buffer.concat([Buffer.from(base.clients.join('\n') + '\nC9,2010-01-01,white,male,,Caf'), Buffer.from([0xe9, 0x0a])]) }, /clients\.csv is not valid UTF-8 \(first bad byte on line 4\)/],
    ['a file ends its lines with a lone CR', { 'staff.csv': base.staff.join('\r') + '\r' }, /staff\.csv ends its lines with a lone carriage return \(CR\)/],
    ['extract.json is not JSON', { 'extract.json': '{ asOf: 2024 }' }, /extract\.json is not valid JSON/],
    ['extract.json has an impossible date', { 'extract.json': '{ "asOf": "2024-02-30" }' }, /extract\.json is not valid at "asOf"/],
    ['mapping.json renames to an unknown column', { 'mapping.json': '{ "columns": { "episodes.csv": { "Worker": "worker_id" } } }' }, /mapping\.json renames "Worker" in episodes\.csv to "worker_id"/],
    ['mapping.json maps to an unknown value', { 'mapping.json': '{ "values": { "gender": { "W": "woman" } } }' }, /mapping\.json maps gender "W" to "woman"/],
    ['mapping.json aliases a date', { 'mapping.json': '{ "values": { "birth_date": { "unknown": "2010-01-01" } } }' }, /mapping\.json has value aliases for "birth_date", a date: ids and dates are taken as written/],
    ['mapping.json aliases an id', { 'mapping.json': '{ "values": { "client_id": { "C1": "C9" } } }' }, /mapping\.json has value aliases for "client_id", an id/],
  ];
  for (const [problem, changes, message] of fileErrors) {
    it(`aborts before writing anything when ${problem}`, async () => {
      const before = await snapshot(get().warehouse);
      const result = await importExtract(get().warehouse, extractWith({ 'staff.csv': [...base.staff, 'S7,New,facilitator,S1,2020-01-01,,,'], ...changes }));
      expect(result.status).toBe('aborted');
      expect(result.message).toMatch(message);
      expect(await snapshot(get().warehouse)).toEqual(before);
      expect(await runOf(result.runId)).toMatchObject({ status: 'aborted', message: result.message });
      expect(await rejectsOf(get().warehouse, result.runId)).toEqual([]);
    });
  }

  it("records extract.json's as-of date and source on a run aborted over mapping.json", async () => {
    const result = await importExtract(get().warehouse, extractWith({ 'mapping.json': '{ "values": { "gender": { "W": "woman" } } }' }));
    expect(result.status).toBe('aborted');
    expect(await runOf(result.runId)).toMatchObject({ status: 'aborted', as_of: '2024-01-01', source: 'test extract' });
  });

  it('aborts naming the file when a contract file is a folder', async () => {
    const folder = extractWith();
    fs.rmSync(path.join(folder, 'staff.csv'));
    fs.mkdirSync(path.join(folder, 'staff.csv'));
    const result = await importExtract(get().warehouse, folder);
    expect([result.status, result.message]).toEqual(['aborted', 'staff.csv in the extract is not a file (a folder?); it must be a CSV file.']);
  });

  it('aborts when more than the allowed share of rows is rejected, keeping only the run and its rejects', async () => {
    const before = await snapshot(get().warehouse);
    // 7 rows read (3 staff, 2 clients, 2 episodes), 1 rejected: 1/7 = 14.3% > 5%.
    const folder = extractWith({ 'staff.csv': [...base.staff, 'S3,Casey,facilitator,S1,2020-13-01,,,'], 'episodes.csv': [header.episodes, 'E1,C1,wrap,S2,2023-01-10,2023-06-30,moved', base.episodes[2]] });
    const result = await importExtract(get().warehouse, folder);
    expect(result.status).toBe('aborted');
    expect(result.message).toBe('1 of 7 rows (14.3%) were rejected, more than the allowed 5.0%; nothing was imported. Fix the extract (see the rejects) and import it again.');
    expect(result.files['staff.csv']).toEqual({ read: 3, loaded: 0, rejected: 1 });
    expect(await snapshot(get().warehouse)).toEqual(before);
    expect(await rejectsOf(get().warehouse, result.runId)).toEqual([
      { file: 'staff.csv', line: 4, column_name: 'hire_date', reason: 'bad date', raw_line: 'S3,Casey,facilitator,S1,2020-13-01,,,' },
    ]);
    expect(await runOf(result.runId)).toMatchObject({ status: 'aborted', files: result.files });
    // 1/7 = 14.3% is within a 15% allowance: the same extract commits.
    const allowed = await importExtract(get().warehouse, folder, { maxRejectRate: 0.15 });
    expect(allowed.status).toBe('committed');
    expect((await snapshot(get().warehouse)).episodes).toMatchObject([{ episode_id: 'E1', exit_reason: 'moved' }, { episode_id: 'E2' }]);
  });

  it('replaces the whole warehouse content with --replace', async () => {
    const folder = extractWith({ 'staff.csv': [header.staff, 'S9,Nora New,facilitator,,2021-01-01,,,'], 'clients.csv': [header.clients, 'C9,2011-01-01,asian,female,,'], 'episodes.csv': [header.episodes, 'E9,C9,wrap,S9,2023-05-01,,'] });
    const result = await importExtract(get().warehouse, folder, { replace: true });
    expect(result.status).toBe('committed');
    const after = await snapshot(get().warehouse);
    expect([after.staff.length, after.clients.length, after.episodes.length, after.assignments.length]).toEqual([1, 1, 1, 0]);
    expect(after.episodes).toMatchObject([{ episode_id: 'E9', import_run_id: result.runId }]);
    expect(await runOf(result.runId)).toMatchObject({ status: 'committed', source: 'test extract' });
  });

  it("takes extract.json's source as free text: a blank one is no source, a long one is cut to 200 characters", async () => {
    const blank = await importExtract(get().warehouse, extractWith({ 'extract.json': '{ "asOf": "2024-01-01", "source": "  " }' }));
    expect([blank.status, blank.source]).toEqual(['committed', expect.stringMatching(/^extract-/)]);
    const long = await importExtract(get().warehouse, extractWith({ 'extract.json': JSON.stringify({ asOf: '2024-01-01', source: ` ${'x'.repeat(250)}` }) }));
    expect([long.status, long.source]).toEqual(['committed', 'x'.repeat(200)]);
  });

  it('warns about keys of extract.json it does not read, naming a misspelt one', async () => {
    const result = await importExtract(get().warehouse, extractWith({ 'extract.json': '{ "asof": "2024-01-01", "source": "x", "system": "CaseWorks 7" }' }), { asOf: '2024-01-01' });
    expect(result.status).toBe('committed');
    expect(result.warnings).toEqual([
      'extract.json: "asof" is not read (only asOf and source are); did you mean "asOf"?',
      'extract.json: "system" is not read (only asOf and source are)',
    ]);
  });

  it('takes an as-of date after today as given, with a warning (records dated up to it pass as known)', async () => {
    const today = importDate();
    const nextYear = `${Number(today.slice(0, 4)) + 1}-01-01`;
    // Aborted by one bad row (no rejects allowed), so the runs' latest as-of date, which later tests rely on, stays.
    const aborting = (extract: string) => extractWith({ 'extract.json': extract, 'clients.csv': [...base.clients, 'C3,2011-02-30,white,male,,'] });
    const result = await importExtract(get().warehouse, aborting(`{ "asOf": "${nextYear}" }`), { maxRejectRate: 0 });
    expect([result.status, result.asOf]).toEqual(['aborted', nextYear]);
    expect(result.warnings).toEqual([`The as-of date ${nextYear} is after today (${today}); records dated up to it are accepted. Check extract.json or --as-of.`]);
    expect((await importExtract(get().warehouse, aborting(`{ "asOf": "${today}" }`), { maxRejectRate: 0 })).warnings).toEqual([]);
  });

  it('takes the as-of date from --as-of over extract.json, and rejects dates after it', async () => {
    // extract.json says 2024-01-01; with 2023-01-31, E1's end (2023-06-30) and E2's start (2023-02-01) lie after it.
    const result = await importExtract(get().warehouse, extractWith(), { asOf: '2023-01-31', maxRejectRate: 1 });
    expect(result.asOf).toBe('2023-01-31');
    expect(await runOf(result.runId)).toMatchObject({ as_of: '2023-01-31' });
    expect((await rejectsOf(get().warehouse, result.runId)).map((r) => [r.file, r.line, r.column_name, r.reason])).toEqual([
      ['episodes.csv', 2, 'end_date', 'after as-of date'],
      ['episodes.csv', 3, 'start_date', 'after as-of date'],
    ]);
    const fromFile = await importExtract(get().warehouse, extractWith());
    expect([fromFile.asOf, fromFile.source]).toEqual(['2024-01-01', 'test extract']);
  });

  it('leaves the warehouse exactly as it was when the same extract is imported again', async () => {
    const folder = extractWith({ 'assignments.csv': base.assignments });
    const before = await snapshot(get().warehouse);
    const again = await importExtract(get().warehouse, folder);
    expect(again.status).toBe('committed');
    expect(await snapshot(get().warehouse)).toEqual(before);
  });

  it('rebuilds the marts only when the records or the latest as-of date change', async () => {
    const w = get().warehouse;
    // xmin is the transaction that wrote a row: unchanged means the mart was not rewritten.
    const writer = async (table: string) => (await w.withClient((c) => c.query<{ x: string }>(`SELECT min(xmin::text) AS x FROM ${table}`))).rows[0].x;
    const factsOf = async () => (await w.withClient((c) => c.query('SELECT episode_id, end_date, exit_reason FROM episode_facts ORDER BY episode_id'))).rows;
    const before = { facts: await writer('episode_facts'), caseload: await writer('facilitator_caseload') };

    expect((await importExtract(w, extractWith({ 'assignments.csv': base.assignments }))).status).toBe('committed');
    expect(await writer('episode_facts')).toBe(before.facts);
    expect(await writer('facilitator_caseload')).toBe(before.caseload);

    // The same records a month later: caseload months run to the new as-of date.
    expect((await importExtract(w, extractWith({ 'assignments.csv': base.assignments }), { asOf: '2024-02-01' })).status).toBe('committed');
    expect(await writer('facilitator_caseload')).not.toBe(before.caseload);

    const changed = await importExtract(w, extractWith({ 'episodes.csv': [header.episodes, 'E2,C2,intensive wraparound,S2,2023-02-01,2023-09-30,stepped_down'] }));
    expect(changed.status).toBe('committed');
    expect(await writer('episode_facts')).not.toBe(before.facts);
    expect(await factsOf()).toEqual([
      { episode_id: 'E1', end_date: '2023-06-30', exit_reason: 'completed' },
      { episode_id: 'E2', end_date: '2023-09-30', exit_reason: 'stepped_down' },
    ]);
  });

  it('rebuilds marts built by an older definition when migrating, from the stored records', async () => {
    const w = get().warehouse;
    const facts = async () => (await w.withClient((c) => c.query('SELECT episode_id, prior_episodes FROM episode_facts ORDER BY episode_id'))).rows;
    const expected = await facts();
    expect(expected).toHaveLength(2);
    // As after an upgrade that changed sql/marts: other checksum, content not what today's scripts build.
    await w.withClient((c) => c.exec(`UPDATE mart_state SET checksum = 'an older definition'; TRUNCATE episode_facts`));
    expect(await migrate(w)).toEqual([]);
    expect(await facts()).toEqual(expected);
    // Current again: migrating once more leaves the marts alone.
    const writer = async () => (await w.withClient((c) => c.query<{ x: string }>('SELECT min(xmin::text) AS x FROM episode_facts'))).rows[0].x;
    const before = await writer();
    await migrate(w);
    expect(await writer()).toBe(before);
  });

  it('updates only what a delta extract changed and keeps what it does not mention', async () => {
    const first = (await snapshot(get().warehouse)).episodes as { episode_id: string; import_run_id: number }[];
    // E2 closes; E1 is resent unchanged; C2 and S1 are not sent at all.
    const delta = extractWith({
      'staff.csv': [header.staff, base.staff[2]],
      'clients.csv': [header.clients, base.clients[1]],
      'episodes.csv': [header.episodes, base.episodes[1], 'E2,C2,intensive wraparound,S2,2023-02-01,2023-09-30,stepped_down'],
    });
    const result = await importExtract(get().warehouse, delta);
    const after = await snapshot(get().warehouse);
    expect(after.episodes).toMatchObject([
      { episode_id: 'E1', import_run_id: first[0].import_run_id, end_date: '2023-06-30' },
      { episode_id: 'E2', import_run_id: result.runId, end_date: '2023-09-30', exit_reason: 'stepped_down' },
    ]);
    expect(after.clients.map((c) => (c as { client_id: string }).client_id)).toEqual(['C1', 'C2']);
    expect(after.staff.map((s) => (s as { staff_id: string }).staff_id)).toEqual(['S1', 'S2']);
  });

  it('rewrites a resent client only when its record changed', async () => {
    const first = (await snapshot(get().warehouse)).clients as { client_id: string; import_run_id: number }[];
    // C1 resent as it was; C2 resent with a county where it had none.
    const delta = extractWith({ 'clients.csv': [header.clients, base.clients[1], 'C2,2012-07-15,white,male,,Kent'] });
    const result = await importExtract(get().warehouse, delta);
    expect((await snapshot(get().warehouse)).clients).toMatchObject([
      { client_id: 'C1', county: 'Kent', import_run_id: first[0].import_run_id },
      { client_id: 'C2', county: 'Kent', import_run_id: result.runId },
    ]);
  });

  it('writes a large delta in bulk (keys and indexes rebuilt) with exactly the result of writing it row by row', async () => {
    const w = get().warehouse;
    // E2 closes and changes facilitator; E3 is new with two assignments; E1's assignment is replaced.
    const delta = extractWith({
      'episodes.csv': [header.episodes, base.episodes[1], 'E2,C2,intensive wraparound,S1,2023-02-01,2023-09-30,stepped_down', 'E3,C1,wrap,S2,2023-08-01,,'],
      'assignments.csv': [header.assignments, 'E1,S1,2023-01-10,', 'E3,S2,2023-08-01,2023-08-31', 'E3,S1,2023-09-01,'],
    });
    // Which run wrote each row, relative to the delta's run, so two runs compare equal.
    const relative = async (runId: number) => {
      const tables = await snapshot(w);
      for (const rows of Object.values(tables)) for (const row of rows as { import_run_id: number | string }[]) row.import_run_id = row.import_run_id === runId ? 'delta' : 'earlier';
      return tables;
    };
    const catalogue = () =>
      w.withClient(async (c) => [
        ...(await c.query(`SELECT indexname AS name, indexdef AS def FROM pg_indexes WHERE tablename IN ('staff', 'clients', 'episodes', 'assignments') ORDER BY 1`)).rows,
        ...(await c.query(`SELECT conname AS name, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid IN ('staff'::regclass, 'clients'::regclass, 'episodes'::regclass, 'assignments'::regclass) ORDER BY 1`)).rows,
      ]);
    const keysBefore = await catalogue();
    const rowByRow = await importExtract(w, delta);
    const expected = await relative(rowByRow.runId);

    expect((await importExtract(w, extractWith({ 'assignments.csv': base.assignments }), { replace: true })).status).toBe('committed');
    const bulk = await importExtract(w, delta, { bulkRows: 1 });
    expect(bulk.status).toBe('committed');
    expect(await relative(bulk.runId)).toEqual(expected);
    expect(await catalogue()).toEqual(keysBefore);
    expect(keysBefore.length).toBeGreaterThanOrEqual(10);
  });

  it("runs caseload months up to the importing run's own as-of date", async () => {
    // E2 (S2) has been open since 2023-02-01; the latest date in the records is 2023-06-30 and no run so far was
    // as of a date after 2024-02-01. This import is as of 2024-06-30: S2 carries E2 on every month start up to June.
    const result = await importExtract(get().warehouse, extractWith({ 'assignments.csv': base.assignments }), { asOf: '2024-06-30' });
    expect(result.status).toBe('committed');
    const { rows } = await get().warehouse.withClient((c) =>
      c.query<{ month: string; open_episodes: number }>(`SELECT month, open_episodes FROM facilitator_caseload WHERE staff_id = 'S2' AND month >= '2024-01-01' ORDER BY month`),
    );
    expect(rows.map((r) => [r.month, r.open_episodes])).toEqual(['01', '02', '03', '04', '05', '06'].map((m) => [`2024-${m}-01`, 1]));
  });

  it("replaces an episode's stored assignments when assignments.csv lists it, and keeps the others'", async () => {
    const delta = extractWith({ 'assignments.csv': [header.assignments, 'E2,S1,2023-02-01,2023-03-01', 'E2,S2,2023-03-02,'] });
    const result = await importExtract(get().warehouse, delta);
    expect((await snapshot(get().warehouse)).assignments).toEqual([
      { episode_id: 'E1', staff_id: 'S2', start_date: '2023-01-10', end_date: null, import_run_id: result.runId - 1 },
      { episode_id: 'E2', staff_id: 'S1', start_date: '2023-02-01', end_date: '2023-03-01', import_run_id: result.runId },
      { episode_id: 'E2', staff_id: 'S2', start_date: '2023-03-02', end_date: null, import_run_id: result.runId },
    ]);
    // Without assignments.csv nothing about assignments changes.
    await importExtract(get().warehouse, extractWith());
    expect((await snapshot(get().warehouse)).assignments).toHaveLength(3);
  });

  it("keeps an episode's stored assignments when a row of its set is rejected, adding the accepted ones or replacing their stored copy", async () => {
    const first = await importExtract(get().warehouse, extractWith({ 'assignments.csv': [header.assignments, 'E1,S2,2023-01-10,', 'E2,S1,2023-02-01,2023-03-01', 'E2,S2,2023-03-02,'] }));
    // The delta re-sends E2's set with a typo in one row (2023-03-32) and a new row; E1's set is re-sent with a duplicate.
    const delta = extractWith({
      'assignments.csv': [header.assignments, 'E2,S1,2023-02-01,2023-03-32', 'E2,S2,2023-03-02,2023-05-31', 'E2,S1,2023-06-01,', 'E1,S1,2023-01-10,', 'E1,S1,2023-01-10,'],
    });
    const result = await importExtract(get().warehouse, delta, { maxRejectRate: 1 });
    expect([result.status, result.rejectsByReason]).toEqual(['committed', { 'bad date': 1, 'duplicate assignment': 2 }]);
    // Nothing stored is taken away from E1 or E2; E2's accepted new row is added, and its S2 row (the key of a stored
    // one, now ending 2023-05-31) replaces the stored copy: an accepted row is never dropped.
    expect((await snapshot(get().warehouse)).assignments).toEqual([
      { episode_id: 'E1', staff_id: 'S2', start_date: '2023-01-10', end_date: null, import_run_id: first.runId - 1 },
      { episode_id: 'E2', staff_id: 'S1', start_date: '2023-02-01', end_date: '2023-03-01', import_run_id: first.runId },
      { episode_id: 'E2', staff_id: 'S1', start_date: '2023-06-01', end_date: null, import_run_id: result.runId },
      { episode_id: 'E2', staff_id: 'S2', start_date: '2023-03-02', end_date: '2023-05-31', import_run_id: result.runId },
    ]);
  });

  it("keeps an episode's stored assignments when a duplicate or an unknown staff id rejects a row of its set", async () => {
    // Each delta re-sends E1's set with one rejected row and one accepted row: the accepted row is added, and the
    // stored S2 row stays (a rejected row makes the set incomplete, whichever check rejected it).
    type Assignment = { episode_id: string; staff_id: string; start_date: string; import_run_id: number };
    const e1 = async () =>
      ((await snapshot(get().warehouse)).assignments as Assignment[]).filter((a) => a.episode_id === 'E1').map((a) => [a.staff_id, a.start_date, a.import_run_id]);
    const [stored] = await e1();
    const duplicate = await importExtract(get().warehouse, extractWith({ 'assignments.csv': [header.assignments, 'E1,S1,2023-01-10,', 'E1,S1,2023-01-10,', 'E1,S1,2023-03-01,'] }), { maxRejectRate: 1 });
    expect([duplicate.status, duplicate.rejectsByReason]).toEqual(['committed', { 'duplicate assignment': 2 }]);
    expect(await e1()).toEqual([['S1', '2023-03-01', duplicate.runId], stored]);
    const unknown = await importExtract(get().warehouse, extractWith({ 'assignments.csv': [header.assignments, 'E1,S9,2023-01-10,', 'E1,S1,2023-04-01,'] }), { maxRejectRate: 1 });
    expect(unknown.status).toBe('committed');
    expect(Object.values(unknown.rejectsByReason ?? {})).toEqual([1]);
    expect(await e1()).toEqual([['S1', '2023-03-01', duplicate.runId], ['S1', '2023-04-01', unknown.runId], stored]);
  });

  it("warns, keeping them, about stored assignments that a re-sent episode's new dates leave outside it", async () => {
    // E1 (2023-01-10 to 2023-06-30) has S2 from 2023-01-10; the delta moves its start to 2023-02-01 without assignments.csv.
    const moved = await importExtract(get().warehouse, extractWith({ 'episodes.csv': [header.episodes, 'E1,C1,intensive wraparound,S2,2023-02-01,2023-06-30,completed'] }));
    expect(moved.status).toBe('committed');
    expect(moved.warnings).toEqual([
      '1 stored assignment lies outside its episode as this extract re-sent it (for example episode E1); they were kept: send assignments.csv rows for those episodes to replace them.',
    ]);
    expect((await snapshot(get().warehouse)).assignments.filter((a) => (a as { episode_id: string }).episode_id === 'E1')).toHaveLength(1);
    // The base extract again puts E1 back where its assignment lies: no warning.
    expect((await importExtract(get().warehouse, extractWith({ 'assignments.csv': base.assignments }))).warnings).toEqual([]);
  });

  it('records when a run really ended: after its marts, not when its transaction began', async () => {
    let martsBegan = 0;
    const result = await importExtract(get().warehouse, extractWith(), { onProgress: (p) => { if (p.stage === 'marts') martsBegan = Date.now(); } });
    const ended = Date.now();
    const [run] = (await get().warehouse.withClient((c) => c.query<{ finished_at: Date }>('SELECT finished_at FROM import_runs WHERE id = $1', [result.runId]))).rows;
    // Millisecond clocks of the same machine; the transaction began before the records were written.
    expect(martsBegan).toBeGreaterThan(0);
    expect(run.finished_at.getTime()).toBeGreaterThanOrEqual(martsBegan - 1);
    expect(run.finished_at.getTime()).toBeLessThanOrEqual(ended + 1);
  });

  it('runs two imports started at once one after the other, never interleaved', async () => {
    const a = extractWith({ 'episodes.csv': [header.episodes, 'E1,C1,wrap A,S2,2023-01-10,,', 'E2,C2,wrap A,S2,2023-02-01,,'] });
    const b = extractWith({ 'episodes.csv': [header.episodes, 'E1,C1,wrap B,S2,2023-01-10,,', 'E2,C2,wrap B,S2,2023-02-01,,'] });
    const [ra, rb] = await Promise.all([importExtract(get().warehouse, a), importExtract(get().warehouse, b)]);
    expect([ra.status, rb.status]).toEqual(['committed', 'committed']);
    const runs = (await get().warehouse.withClient((c) => c.query<{ id: number; started_at: Date; finished_at: Date }>('SELECT id, started_at, finished_at FROM import_runs WHERE id = ANY($1) ORDER BY id', [[ra.runId, rb.runId]]))).rows;
    expect(runs[0].finished_at.getTime()).toBeLessThanOrEqual(runs[1].started_at.getTime());
    // The later one wins on every row: no mix of the two extracts.
    expect((await snapshot(get().warehouse)).episodes.map((e) => (e as { program: string }).program)).toEqual(['wrap B', 'wrap B']);
  });

  it('waits for an import holding the lock in another process (PostgreSQL)', async (context) => {
    if (get().kind !== 'postgres') return context.skip();
    const other = await openWarehouse(get().options);
    try {
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let locked!: () => void;
      const isLocked = new Promise<void>((resolve) => (locked = resolve));
      // Another "process": holds the import lock until told to let go.
      const holder = other.withClient(async (c) => {
        await c.query('SELECT pg_advisory_lock(7311002)');
        locked();
        await held;
        await c.query('SELECT pg_advisory_unlock(7311002)');
      });
      await isLocked;
      const events: string[] = [];
      const importing = importExtract(get().warehouse, extractWith(), {
        onProgress: (p) => {
          events.push(p.stage);
          if (p.stage === 'waiting') release();
        },
      });
      const result = await importing;
      await holder;
      expect(events[0]).toBe('waiting');
      expect(result.status).toBe('committed');
    } finally {
      await other.close();
    }
  });
});

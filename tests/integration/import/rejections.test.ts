// One test per rejection rule of data-contract.md: the recorded file, line,
// column and reason, exactly, on every engine.
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../helpers/databases.ts';
import { importExtract } from '../../../etl/importExtract.ts';
import { base, extractWith, rejectsOf } from './extracts.ts';

interface Case {
  rule: string;
  file: 'staff' | 'clients' | 'episodes' | 'assignments';
  row: string;
  column: string;
  reason: string;
  /** The raw line as stored, when it differs from the row. */
  stored?: string;
  /** The message, where it gives more than the reason. */
  message?: string;
}

// Each bad row is appended to the base file, so it is line 4 (header, two good rows, then it).
const cases: Case[] = [
  { rule: 'a required value is missing', file: 'clients', row: 'C3,,white,male,,', column: 'birth_date', reason: 'missing value' },
  { rule: 'a required value is only spaces', file: 'episodes', row: 'E3,C1,   ,S2,2023-03-01,,', column: 'program', reason: 'missing value' },
  { rule: 'a date that is not a real day', file: 'clients', row: 'C3,2011-02-29,white,male,,', column: 'birth_date', reason: 'bad date', message: 'birth_date "2011-02-29" is not a date: 2011-02 has no day 29' },
  { rule: 'a date in another format', file: 'clients', row: 'C3,02.03.2011,white,male,,', column: 'birth_date', reason: 'bad date', message: 'birth_date "02.03.2011" is not a date: write it as YYYY-MM-DD or M/D/YYYY' },
  { rule: 'a US date that is not a real day', file: 'staff', row: 'S3,Casey,facilitator,S1,4/31/2020,,,', column: 'hire_date', reason: 'bad date' },
  { rule: 'an enum value outside the contract', file: 'clients', row: 'C3,2011-02-03,purple,male,,', column: 'race_ethnicity', reason: 'unknown value' },
  { rule: 'an unknown role', file: 'staff', row: 'S3,Casey,manager,S1,2020-01-01,,,', column: 'role', reason: 'unknown value' },
  { rule: 'an unknown exit reason', file: 'episodes', row: 'E3,C1,wrap,S2,2023-03-01,2023-04-01,graduated', column: 'exit_reason', reason: 'unknown value' },
  // No PostgreSQL text holds a NUL: the row is rejected, and its raw line kept with the replacement character.
  { rule: 'a NUL character in a text cell', file: 'clients', row: 'C3,2011-02-03,white,male,Eng\u0000lish,', column: 'primary_language', reason: 'bad text', stored: 'C3,2011-02-03,white,male,Eng\uFFFDlish,' },
  { rule: 'a NUL character in an id', file: 'episodes', row: 'E\u00003,C1,wrap,S2,2023-03-01,,', column: 'episode_id', reason: 'bad id', stored: 'E\uFFFD3,C1,wrap,S2,2023-03-01,,' },
  { rule: 'an id longer than 64 characters', file: 'clients', row: `${'C'.repeat(65)},2011-02-03,white,male,,`, column: 'client_id', reason: 'bad id' },
  { rule: 'an episode ending before it starts', file: 'episodes', row: 'E3,C1,wrap,S2,2023-05-01,2023-04-30,completed', column: 'end_date', reason: 'end before start' },
  { rule: 'a separation before the hire date', file: 'staff', row: 'S3,Casey,facilitator,S1,2020-01-01,2019-12-31,voluntary,', column: 'separation_date', reason: 'end before start' },
  { rule: 'an assignment ending before it starts', file: 'assignments', row: 'E1,S2,2023-03-01,2023-02-01', column: 'end_date', reason: 'end before start' },
  { rule: 'a date after the as-of date', file: 'episodes', row: 'E3,C1,wrap,S2,2024-01-02,,', column: 'start_date', reason: 'after as-of date' },
  { rule: 'a birth date after the as-of date', file: 'clients', row: 'C3,2024-06-01,white,male,,', column: 'birth_date', reason: 'after as-of date' },
  { rule: 'an open episode with an exit reason', file: 'episodes', row: 'E3,C1,wrap,S2,2023-03-01,,completed', column: 'exit_reason', reason: 'reason without end date' },
  { rule: 'a closed episode without an exit reason', file: 'episodes', row: 'E3,C1,wrap,S2,2023-03-01,2023-04-01,', column: 'exit_reason', reason: 'missing value' },
  { rule: 'a separation without a reason', file: 'staff', row: 'S3,Casey,facilitator,S1,2020-01-01,2021-01-01,,', column: 'separation_reason', reason: 'missing value' },
  { rule: 'a row with too few fields', file: 'clients', row: 'C3,2011-02-03,white', column: '', reason: 'wrong number of fields', stored: ',,' },
  { rule: 'a row with too many fields', file: 'clients', row: 'C3,2011-02-03,white,male,,,extra', column: '', reason: 'wrong number of fields', stored: ',,,,,,' },
  { rule: 'an unknown supervisor', file: 'staff', row: 'S3,Casey,facilitator,S9,2020-01-01,,,', column: 'supervisor_id', reason: 'unknown supervisor' },
  { rule: 'an episode of an unknown client', file: 'episodes', row: 'E3,C9,wrap,S2,2023-03-01,,', column: 'client_id', reason: 'unknown client' },
  { rule: 'an episode with an unknown facilitator', file: 'episodes', row: 'E3,C1,wrap,S9,2023-03-01,,', column: 'facilitator_id', reason: 'unknown staff' },
  { rule: 'an assignment to an unknown episode', file: 'assignments', row: 'E9,S2,2023-03-01,', column: 'episode_id', reason: 'unknown episode' },
  { rule: 'an assignment of unknown staff', file: 'assignments', row: 'E1,S9,2023-03-01,', column: 'staff_id', reason: 'unknown staff' },
  { rule: 'an assignment starting before its episode', file: 'assignments', row: 'E1,S1,2023-01-09,2023-02-01', column: 'start_date', reason: 'outside episode', message: 'start_date 2023-01-09 lies outside episode "E1" (2023-01-10 to 2023-06-30)' },
  { rule: 'an assignment starting after its episode ended', file: 'assignments', row: 'E1,S1,2023-07-01,', column: 'start_date', reason: 'outside episode', message: 'start_date 2023-07-01 lies outside episode "E1" (2023-01-10 to 2023-06-30)' },
  { rule: 'an assignment starting before its open episode', file: 'assignments', row: 'E2,S1,2023-01-31,', column: 'start_date', reason: 'outside episode', message: 'start_date 2023-01-31 lies outside episode "E2" (from 2023-02-01, still open)' },
];

describeEachDatabase('import rejects', (get) => {
  for (const c of cases) {
    it(`rejects ${c.rule}`, async () => {
      const name = `${c.file}.csv`;
      const folder = extractWith({ [name]: [...base[c.file], c.row], 'assignments.csv': c.file === 'assignments' ? [...base.assignments, c.row] : base.assignments });
      const result = await importExtract(get().warehouse, folder, { replace: true, maxRejectRate: 1 });
      expect(result.status).toBe('committed');
      expect(await rejectsOf(get().warehouse, result.runId)).toEqual([{ file: name, line: 4, column_name: c.column || null, reason: c.reason, raw_line: c.stored ?? c.row }]);
      expect(result.rejectsByReason).toEqual({ [c.reason]: 1 });
      expect(result.files[name]).toEqual({ read: 3, loaded: 2, rejected: 1 });
      if (c.message) expect(result.examples[0].message).toBe(c.message);
    });
  }

  it('says how many fields a short row has, and a line of spaces as such (its kept text shows nothing)', async () => {
    const folder = extractWith({ 'clients.csv': [...base.clients, 'C3', '   '] });
    const result = await importExtract(get().warehouse, folder, { replace: true, maxRejectRate: 1 });
    expect(result.examples.map((e) => [e.line, e.message, e.raw])).toEqual([
      [4, 'has 1 field where the header has 6', ''],
      [5, 'holds only spaces where the header has 6 fields', ''],
    ]);
  });

  it('rejects every copy of a duplicated id, and what depends on it', async () => {
    // C1 appears on lines 2 and 4: both copies go, so E1 (line 2 of episodes) loses its client, and E1's assignment its episode.
    const folder = extractWith({ 'clients.csv': [...base.clients, 'C1,2010-04-02,black,female,English,Kent'], 'assignments.csv': base.assignments });
    const result = await importExtract(get().warehouse, folder, { replace: true, maxRejectRate: 1 });
    expect((await rejectsOf(get().warehouse, result.runId)).map((r) => [r.file, r.line, r.column_name, r.reason])).toEqual([
      ['assignments.csv', 2, 'episode_id', 'unknown episode'],
      ['clients.csv', 2, 'client_id', 'duplicate id'],
      ['clients.csv', 4, 'client_id', 'duplicate id'],
      ['episodes.csv', 2, 'client_id', 'unknown client'],
    ]);
    expect(result.examples[0]).toMatchObject({ file: 'clients.csv', line: 2, raw: 'C1,2010-04-02,black,female,English,Kent' });
  });

  it('counts a copy rejected for another reason: the valid copy of the id is a duplicate too', async () => {
    // C2 on line 3 is valid; its second copy on line 4 has a bad birth date (rejected for that), which still makes line 3 a duplicate.
    // C2's episode E2 (line 3) and E2's assignment (line 3) go with it.
    const folder = extractWith({ 'clients.csv': [...base.clients, 'C2,2011-02-30,white,male,,'], 'assignments.csv': base.assignments });
    const result = await importExtract(get().warehouse, folder, { replace: true, maxRejectRate: 1 });
    expect((await rejectsOf(get().warehouse, result.runId)).map((r) => [r.file, r.line, r.column_name, r.reason])).toEqual([
      ['assignments.csv', 3, 'episode_id', 'unknown episode'],
      ['clients.csv', 3, 'client_id', 'duplicate id'],
      ['clients.csv', 4, 'birth_date', 'bad date'],
      ['episodes.csv', 3, 'client_id', 'unknown client'],
    ]);
  });

  it('counts a copy with the wrong number of fields when it has the id', async () => {
    // C2's second copy (line 4) has 5 fields; its id still makes line 3 a duplicate, and E2 and its assignment go with it.
    const folder = extractWith({ 'clients.csv': [...base.clients, 'C2,2012-07-15,white,male,'], 'assignments.csv': base.assignments });
    const result = await importExtract(get().warehouse, folder, { replace: true, maxRejectRate: 1 });
    expect((await rejectsOf(get().warehouse, result.runId)).map((r) => [r.file, r.line, r.column_name, r.reason])).toEqual([
      ['assignments.csv', 3, 'episode_id', 'unknown episode'],
      ['clients.csv', 3, 'client_id', 'duplicate id'],
      ['clients.csv', 4, null, 'wrong number of fields'],
      ['episodes.csv', 3, 'client_id', 'unknown client'],
    ]);
  });

  it('rejects every copy of a duplicated assignment', async () => {
    const folder = extractWith({ 'assignments.csv': [...base.assignments, 'E2,S2,2023-02-01,2023-03-01'] });
    const result = await importExtract(get().warehouse, folder, { replace: true, maxRejectRate: 1 });
    expect((await rejectsOf(get().warehouse, result.runId)).map((r) => [r.file, r.line, r.column_name, r.reason])).toEqual([
      ['assignments.csv', 3, 'start_date', 'duplicate assignment'],
      ['assignments.csv', 4, 'start_date', 'duplicate assignment'],
    ]);
  });

  it('cascades a rejected staff member down the supervisor chain to episodes and assignments', async () => {
    // S3 has a bad hire date; S4 reports to S3, S5 to S4; E3 is S5's; E3's assignment has no episode left.
    const folder = extractWith({
      'staff.csv': [...base.staff, 'S3,Casey,supervisor,S1,2020-13-01,,,', 'S4,Dana,supervisor,S3,2020-01-01,,,', 'S5,Eli,facilitator,S4,2020-01-01,,,'],
      'episodes.csv': [...base.episodes, 'E3,C1,wrap,S5,2023-03-01,,'],
      'assignments.csv': [...base.assignments, 'E3,S5,2023-03-01,'],
    });
    const result = await importExtract(get().warehouse, folder, { replace: true, maxRejectRate: 1 });
    expect((await rejectsOf(get().warehouse, result.runId)).map((r) => [r.file, r.line, r.column_name, r.reason])).toEqual([
      ['assignments.csv', 4, 'episode_id', 'unknown episode'],
      ['episodes.csv', 4, 'facilitator_id', 'unknown staff'],
      ['staff.csv', 4, 'hire_date', 'bad date'],
      ['staff.csv', 5, 'supervisor_id', 'unknown supervisor'],
      ['staff.csv', 6, 'supervisor_id', 'unknown supervisor'],
    ]);
    expect(result.files).toEqual({
      'staff.csv': { read: 5, loaded: 2, rejected: 3 },
      'clients.csv': { read: 2, loaded: 2, rejected: 0 },
      'episodes.csv': { read: 3, loaded: 2, rejected: 1 },
      'assignments.csv': { read: 3, loaded: 2, rejected: 1 },
    });
  });

  it('accepts staff who supervise each other in any order', async () => {
    const folder = extractWith({ 'staff.csv': [...base.staff, 'S4,Dana,supervisor,S3,2020-01-01,,,', 'S3,Casey,supervisor,S4,2020-01-01,,,'] });
    const result = await importExtract(get().warehouse, folder, { replace: true });
    expect(result.rejectsByReason).toEqual({});
    expect(result.files['staff.csv']).toEqual({ read: 4, loaded: 4, rejected: 0 });
  });

  it('resolves references against the warehouse, but not under --replace', async () => {
    await importExtract(get().warehouse, extractWith(), { replace: true });
    // A delta with only a new episode for stored client C2 and stored facilitator S2.
    const delta = extractWith({ 'staff.csv': [base.staff[0]], 'clients.csv': [base.clients[0]], 'episodes.csv': [base.episodes[0], 'E7,C2,wrap,S2,2023-09-01,,'] });
    const kept = await importExtract(get().warehouse, delta);
    expect(kept.rejectsByReason).toEqual({});
    const replaced = await importExtract(get().warehouse, delta, { replace: true, maxRejectRate: 1 });
    expect((await rejectsOf(get().warehouse, replaced.runId)).map((r) => [r.file, r.line, r.column_name, r.reason])).toEqual([
      ['episodes.csv', 2, 'client_id', 'unknown client'],
    ]);
  });

  it('checks an assignment against the stored episode when the extract does not resend it', async () => {
    await importExtract(get().warehouse, extractWith(), { replace: true });
    // E1 is stored as 2023-01-10..2023-06-30; the delta sends only assignments (plus empty required files).
    const delta = extractWith({
      'staff.csv': [base.staff[0]],
      'clients.csv': [base.clients[0]],
      'episodes.csv': [base.episodes[0]],
      'assignments.csv': [base.assignments[0], 'E1,S1,2023-01-10,2023-03-01', 'E1,S2,2023-07-01,2023-08-01'],
    });
    const result = await importExtract(get().warehouse, delta, { maxRejectRate: 1 });
    expect((await rejectsOf(get().warehouse, result.runId)).map((r) => [r.file, r.line, r.column_name, r.reason])).toEqual([
      ['assignments.csv', 3, 'start_date', 'outside episode'],
    ]);
  });
  it('keeps what the contract does not reject: a separation reason without a date (warned), an assignment ending after its episode', async () => {
    const folder = extractWith({
      'staff.csv': [...base.staff, 'S3,Casey Still,facilitator,S1,2020-01-01,,voluntary,'],
      // E1 ends 2023-06-30; this assignment starts within it and ends after it.
      'assignments.csv': [base.assignments[0], 'E1,S2,2023-01-10,2023-07-15', base.assignments[2]],
    });
    const result = await importExtract(get().warehouse, folder, { replace: true });
    expect(result.status).toBe('committed');
    expect(await rejectsOf(get().warehouse, result.runId)).toEqual([]);
    expect(result.files['staff.csv']).toEqual({ read: 3, loaded: 3, rejected: 0 });
    expect(result.warnings).toContain('staff.csv: 1 row gives a separation_reason without a separation_date; kept as sent, and counted as still employed.');
    const { rows } = await get().warehouse.withClient((c) =>
      c.query<{ end_date: string }>("SELECT to_char(end_date, 'YYYY-MM-DD') AS end_date FROM assignments WHERE episode_id = 'E1'"),
    );
    expect(rows).toEqual([{ end_date: '2023-07-15' }]);
  });

  it('keeps no cell of columns outside the contract in a rejected row (names, addresses, notes)', async () => {
    const folder = extractWith({
      'clients.csv': [
        'client_id,client_name,birth_date,home_address,race_ethnicity,gender,primary_language,county',
        'C1,Ann Roe,2010-04-02,"1 Elm St, Kent",black,female,English,Kent',
        'C2,Sam Roe,2012-07-15,"2 Elm St, Kent",white,male,,',
        'C4,John Roe,2012-07-15,2 Oak Ave,white,x,,',
        'C5,Jo Doe,2012-07-15,3 Pine Rd,white,male,,,extra',
        // Found in SQL (the raw line is read again from the file): the same.
        'C6,Al Poe,2011-01-01,4 Ash Ct,asian,male,,',
        'C6,Al Poe,2011-01-01,4 Ash Ct,asian,male,,',
      ],
      'episodes.csv': [...base.episodes, 'E3,C9,wrap,S2,2023-03-01,,'],
    });
    const result = await importExtract(get().warehouse, folder, { replace: true, maxRejectRate: 1 });
    const rejects = await rejectsOf(get().warehouse, result.runId);
    expect(rejects.map((r) => [r.file, r.line, r.reason, r.raw_line])).toEqual([
      // The bad gender: the row again with its name and address left empty.
      ['clients.csv', 4, 'unknown value', 'C4,,2012-07-15,,white,x,,'],
      // Fields that do not line up with the header: only their commas.
      ['clients.csv', 5, 'wrong number of fields', ',,,,,,,,'],
      ['clients.csv', 6, 'duplicate id', 'C6,,2011-01-01,,asian,male,,'],
      ['clients.csv', 7, 'duplicate id', 'C6,,2011-01-01,,asian,male,,'],
      ['episodes.csv', 4, 'unknown client', 'E3,C9,wrap,S2,2023-03-01,,'],
    ]);
    expect(result.examples.map((e) => e.raw)).toEqual(rejects.map((r) => r.raw_line));
    const stored = JSON.stringify(await get().warehouse.withClient((c) => c.query('SELECT * FROM import_rejects')));
    for (const secret of ['Roe', 'Doe', 'Poe', 'Oak', 'Pine', 'Ash']) expect(stored).not.toContain(secret);
  });

  it('keeps only the commas of a row with more fields than a contract-only header (the extra cell may be a name)', async () => {
    const folder = extractWith({
      'clients.csv': [...base.clients, 'C7,2010-01-01,white,female,English,Kent,Jane Q. Client', 'C8,2010-01-01,white,x,English,Kent'],
    });
    const result = await importExtract(get().warehouse, folder, { replace: true, maxRejectRate: 1 });
    const rejects = await rejectsOf(get().warehouse, result.runId);
    expect(rejects.map((r) => [r.file, r.reason, r.raw_line])).toEqual([
      ['clients.csv', 'wrong number of fields', ',,,,,,'],
      // Fields that line up with a header of contract columns only: the line as written.
      ['clients.csv', 'unknown value', 'C8,2010-01-01,white,x,English,Kent'],
    ]);
    expect(JSON.stringify(result)).not.toContain('Jane');
  });
});

// Every accepted format variant of data-contract.md, and what gets stored.
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../helpers/databases.ts';
import { importExtract } from '../../../etl/importExtract.ts';
import { base, extractWith, header, rejectsOf } from './extracts.ts';

describeEachDatabase('import formats', (get) => {
  const stored = async (sql: string) => (await get().warehouse.withClient((c) => c.query(sql))).rows;

  it('tolerates a byte-order mark', async () => {
    const result = await importExtract(get().warehouse, extractWith({ 'staff.csv': '\uFEFF' + base.staff.join('\n') + '\n' }), { replace: true });
    expect(result.files['staff.csv']).toEqual({ read: 2, loaded: 2, rejected: 0 });
    expect(result.warnings).toEqual([]);
  });

  it('reads CRLF line ends and records raw lines without them', async () => {
    const crlf = (lines: string[]) => lines.join('\r\n') + '\r\n';
    const folder = extractWith({ 'clients.csv': crlf([...base.clients, 'C3,2011-02-30,white,male,,']), 'staff.csv': crlf(base.staff), 'episodes.csv': crlf(base.episodes) });
    const result = await importExtract(get().warehouse, folder, { replace: true, maxRejectRate: 1 });
    expect(await rejectsOf(get().warehouse, result.runId)).toEqual([
      { file: 'clients.csv', line: 4, column_name: 'birth_date', reason: 'bad date', raw_line: 'C3,2011-02-30,white,male,,' },
    ]);
    expect(await stored("SELECT county FROM clients WHERE client_id = 'C2'")).toEqual([{ county: 'unknown' }]);
  });

  it('reads quoted commas, doubled quotes and newlines, keeping physical line numbers', async () => {
    // S3 is line 4; S4 spans lines 5-6 (a newline inside quotes), so the bad S5 row is physical line 7.
    const folder = extractWith({
      'staff.csv': [...base.staff, 'S3,"Lee, ""Casey""",facilitator,S1,2020-01-01,,,', 'S4,"Morgan', 'Smith",facilitator,S1,2020-01-01,,,', 'S5,Pat,facilitator,S1,2020-02-31,,,'],
    });
    const result = await importExtract(get().warehouse, folder, { replace: true, maxRejectRate: 1 });
    expect(await stored("SELECT staff_id, name FROM staff WHERE staff_id IN ('S3', 'S4') ORDER BY staff_id")).toEqual([
      { staff_id: 'S3', name: 'Lee, "Casey"' },
      { staff_id: 'S4', name: 'Morgan\nSmith' },
    ]);
    expect(await rejectsOf(get().warehouse, result.runId)).toEqual([
      { file: 'staff.csv', line: 7, column_name: 'hire_date', reason: 'bad date', raw_line: 'S5,Pat,facilitator,S1,2020-02-31,,,' },
    ]);
  });

  it('records a multi-line rejected row at its first line with its whole text', async () => {
    const folder = extractWith({ 'staff.csv': [...base.staff, 'S4,"Morgan', 'Smith",facilitator,S1,2020-01-01,,,"x', 'y"'] });
    const result = await importExtract(get().warehouse, folder, { replace: true, maxRejectRate: 1 });
    expect(await rejectsOf(get().warehouse, result.runId)).toEqual([
      { file: 'staff.csv', line: 4, column_name: 'certified_date', reason: 'bad date', raw_line: 'S4,"Morgan\nSmith",facilitator,S1,2020-01-01,,,"x\ny"' },
    ]);
  });

  it('accepts US dates M/D/YYYY and stores them as ISO dates', async () => {
    const folder = extractWith({ 'clients.csv': [header.clients, 'C1,4/2/2010,black,female,,', 'C2,12/31/2012,white,male,,'] });
    const result = await importExtract(get().warehouse, folder, { replace: true });
    expect(result.rejectsByReason).toEqual({});
    expect(await stored('SELECT client_id, birth_date FROM clients ORDER BY client_id')).toEqual([
      { client_id: 'C1', birth_date: '2010-04-02' },
      { client_id: 'C2', birth_date: '2012-12-31' },
    ]);
  });

  it('matches header names case-insensitively after trimming, in any order', async () => {
    const folder = extractWith({ 'clients.csv': [' GENDER ,Client_ID,Birth_Date, race_ethnicity', 'female,C1,2010-04-02,black', 'male,C2,2012-07-15,white'] });
    const result = await importExtract(get().warehouse, folder, { replace: true });
    expect(result.rejectsByReason).toEqual({});
    expect(await stored('SELECT client_id, gender, primary_language, county FROM clients ORDER BY client_id')).toEqual([
      { client_id: 'C1', gender: 'female', primary_language: 'unknown', county: 'unknown' },
      { client_id: 'C2', gender: 'male', primary_language: 'unknown', county: 'unknown' },
    ]);
  });

  it('renames columns with mapping.json and tries its value aliases before the built-in ones', async () => {
    const folder = extractWith({
      'episodes.csv': ['Case ID,client_id,program,Worker,start_date,end_date,exit_reason', 'E1,C1,wrap,S2,2023-01-10,2023-06-30,Graduated', 'E2,C2,wrap,S2,2023-02-01,,'],
      'clients.csv': [header.clients, 'C1,2010-04-02,B,female,,', 'C2,2012-07-15,Declined,male,,'],
      'mapping.json': JSON.stringify({
        // Targets are contract names and values, matched as headers and enum cells are: in any case.
        columns: { 'episodes.csv': { 'case id': 'episode_id', Worker: 'Facilitator_ID' } },
        values: { race_ethnicity: { B: 'black', declined: 'multiracial' }, exit_reason: { graduated: 'Completed' } },
      }),
    });
    const result = await importExtract(get().warehouse, folder, { replace: true });
    expect(result.status).toBe('committed');
    expect(result.rejectsByReason).toEqual({});
    expect(await stored('SELECT client_id, race_ethnicity FROM clients ORDER BY client_id')).toEqual([
      { client_id: 'C1', race_ethnicity: 'black' },
      { client_id: 'C2', race_ethnicity: 'multiracial' },
    ]);
    expect(await stored("SELECT exit_reason FROM episodes WHERE episode_id = 'E1'")).toEqual([{ exit_reason: 'completed' }]);
  });

  it('accepts race and ethnicity as OMB labels, category words and the listed aliases, in any case', async () => {
    const labels: [string, string][] = [
      ['Black or African American', 'black'],
      ['HISPANIC OR LATINO', 'hispanic_latino'],
      ['American Indian or Alaska Native', 'american_indian_alaska_native'],
      ['Native Hawaiian or Pacific Islander', 'native_hawaiian_pacific_islander'],
      ['Native Hawaiian or Other Pacific Islander', 'native_hawaiian_pacific_islander'],
      ['Middle Eastern or North African', 'middle_eastern_north_african'],
      ['Two or More Races', 'multiracial'],
      ['declined', 'unknown'],
      ['Not Reported', 'unknown'],
      ['  hispanic   latino ', 'hispanic_latino'],
      ['native hawaiian pacific islander', 'native_hawaiian_pacific_islander'],
      ['Asian', 'asian'],
    ];
    const folder = extractWith({ 'clients.csv': [header.clients, ...labels.map(([label], i) => `C${i + 1},2010-01-01,${label},NonBinary,,`)] });
    const result = await importExtract(get().warehouse, folder, { replace: true });
    expect(result.rejectsByReason).toEqual({});
    const rows = await stored('SELECT client_id, race_ethnicity, gender FROM clients');
    const byId = new Map(rows.map((r) => [r.client_id, r]));
    labels.forEach(([, value], i) => expect(byId.get(`C${i + 1}`)).toEqual({ client_id: `C${i + 1}`, race_ethnicity: value, gender: 'nonbinary' }));
  });

  it('takes every other enum exactly as the contract lists it (any case): other spellings are rejected, not guessed', async () => {
    // Only race and ethnicity has aliases in data-contract.md; a source system's F or "stepped down" goes in mapping.json.
    const folder = extractWith({
      'clients.csv': [header.clients, 'C1,2010-04-02,black,F,,', 'C2,2012-07-15,African American,male,,', 'C3,2012-07-15,white,Non-Binary,,', 'C4,2012-07-15,white,UNKNOWN,,'],
      'episodes.csv': [header.episodes, 'E1,C4,wrap,S2,2023-01-10,2023-06-30,Stepped Down', 'E2,C4,wrap,S2,2023-02-01,2023-03-01,OUT_OF_HOME'],
    });
    const result = await importExtract(get().warehouse, folder, { replace: true, maxRejectRate: 1 });
    expect((await rejectsOf(get().warehouse, result.runId)).map((r) => [r.file, r.line, r.column_name, r.reason])).toEqual([
      ['clients.csv', 2, 'gender', 'unknown value'],
      ['clients.csv', 3, 'race_ethnicity', 'unknown value'],
      ['clients.csv', 4, 'gender', 'unknown value'],
      ['episodes.csv', 2, 'exit_reason', 'unknown value'],
    ]);
    expect(await stored('SELECT client_id, gender FROM clients')).toEqual([{ client_id: 'C4', gender: 'unknown' }]);
    expect(await stored('SELECT exit_reason FROM episodes')).toEqual([{ exit_reason: 'out_of_home' }]);
  });

  it('names unnamed header columns (a header ending in commas) by position, in one warning', async () => {
    const folder = extractWith({ 'clients.csv': [header.clients + ',,', 'C1,2010-04-02,black,female,English,Kent,,', 'C2,2012-07-15,white,male,,,,'] });
    const result = await importExtract(get().warehouse, folder, { replace: true });
    expect(result.warnings).toEqual(['clients.csv: the columns at header positions 7, 8 have no name and were ignored.']);
    expect(result.files['clients.csv']).toEqual({ read: 2, loaded: 2, rejected: 0 });
  });

  it('ignores an unknown column with one warning, however many rows or header cells name it', async () => {
    const folder = extractWith({ 'clients.csv': [header.clients + ',Notes,notes', 'C1,2010-04-02,black,female,English,Kent,a,x', 'C2,2012-07-15,white,male,,,b,y'] });
    const result = await importExtract(get().warehouse, folder, { replace: true });
    expect(result.warnings).toEqual(['clients.csv: column "Notes" is not part of the contract and was ignored.']);
    expect(result.files['clients.csv']).toEqual({ read: 2, loaded: 2, rejected: 0 });
    const runs = await stored(`SELECT warnings FROM import_runs WHERE id = ${result.runId}`);
    expect(runs[0].warnings).toEqual(result.warnings);
  });

  it('keeps ids as opaque trimmed strings: 007 and 7 are different clients', async () => {
    const folder = extractWith({
      'clients.csv': [header.clients, ' 007 ,2010-04-02,black,female,English,Kent', '7,2012-07-15,white,male,,'],
      'episodes.csv': [header.episodes, 'E1,007,Intensive Wraparound ,S2,2023-01-10,,', 'E2,7,wrap,S2,2023-02-01,,'],
    });
    const result = await importExtract(get().warehouse, folder, { replace: true });
    expect(result.rejectsByReason).toEqual({});
    expect(await stored('SELECT episode_id, client_id, program FROM episodes ORDER BY episode_id')).toEqual([
      { episode_id: 'E1', client_id: '007', program: 'Intensive Wraparound' },
      { episode_id: 'E2', client_id: '7', program: 'wrap' },
    ]);
    expect(await stored("SELECT primary_language FROM clients WHERE client_id = '007'")).toEqual([{ primary_language: 'english' }]);
  });

  it('counts an id in characters: 64 emoji are a valid id, 65 are not', async () => {
    const folder = extractWith({ 'clients.csv': [...base.clients, `${'😀'.repeat(64)},2010-04-02,black,female,,`, `${'😀'.repeat(65)},2010-04-02,black,female,,`] });
    const result = await importExtract(get().warehouse, folder, { replace: true, maxRejectRate: 1 });
    expect(result.files['clients.csv']).toEqual({ read: 4, loaded: 3, rejected: 1 });
    expect(result.examples.map((e) => [e.line, e.reason])).toEqual([[5, 'bad id']]);
  });

  it('accepts a file without its optional columns, and skips blank lines', async () => {
    const folder = extractWith({ 'staff.csv': 'staff_id,name,role,hire_date\nS1,Avery Lead,supervisor,2019-01-01\n\nS2,Blake Worker,facilitator,2019-03-01\n\n' });
    const result = await importExtract(get().warehouse, folder, { replace: true });
    expect(result.files['staff.csv']).toEqual({ read: 2, loaded: 2, rejected: 0 });
    expect(await stored("SELECT supervisor_id, certified_date FROM staff WHERE staff_id = 'S2'")).toEqual([{ supervisor_id: null, certified_date: null }]);
  });
});

// CSV rendering is pure: cells, quoting, formula guard, tables and file names.
import { describe, expect, it } from 'vitest';
import { csvCell, csvFileName, renderCsv, toTable } from '../../../api/csv.ts';

describe('csv cells', () => {
  it('guards cells a spreadsheet would run as formulas, but not numbers', () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvCell('+1+2')).toBe("'+1+2");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('-cmd')).toBe("'-cmd");
    expect(csvCell('\tx')).toBe("'\tx");
    expect(csvCell('-0.25')).toBe('-0.25');
    expect(csvCell(-0.25)).toBe('-0.25');
    expect(csvCell('+3')).toBe('+3');
  });

  it('quotes commas, quotes and line breaks; leaves nulls empty', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(Number.NaN)).toBe('');
    expect(csvCell(true)).toBe('true');
    expect(renderCsv({ columns: ['a', 'b'], rows: [[1, null]] })).toBe('a,b\r\n1,\r\n');
  });
});

describe('csv tables', () => {
  it('writes the overall and one row per group, with suppressed cells empty', () => {
    const table = toTable('metric', {
      overall: { n: 40, events: 12, rate: 0.3, ciLow: 0.18, ciHigh: 0.45, unstable: false, suppressed: false },
      groups: [
        { key: 'black', label: 'Black', n: null, events: null, rate: null, ciLow: null, ciHigh: null, unstable: true, suppressed: true },
        { key: 'white', label: 'White', n: 30, events: 9, rate: 0.3, ciLow: 0.17, ciHigh: 0.48, unstable: false, suppressed: false },
      ],
    });
    expect(renderCsv(table)).toBe(
      'row,key,label,n,events,rate,ciLow,ciHigh,unstable,suppressed\r\n' +
        'overall,,All,40,12,0.3,0.18,0.45,false,false\r\n' +
        'group,black,Black,,,,,,true,true\r\n' +
        'group,white,White,30,9,0.3,0.17,0.48,false,false\r\n',
    );
  });

  it('writes survival curves one step per row with curve=1', () => {
    const survival = { n: 20, events: 15, censored: 5, median: 30, medianLow: 12, medianHigh: null, q25: 10, q75: 60, stillInServices: { 90: 0.1, 180: 0, 365: 0, 730: null }, stillInServicesLow: { 90: 0.05, 180: null, 365: null, 730: null }, stillInServicesHigh: { 90: 0.2, 180: null, 365: null, 730: null }, curve: [{ t: 0, s: 1, atRisk: 20 }, { t: 30, s: 0.5, atRisk: 12 }] };
    const table = toTable('metric', { overall: survival, groups: [] }, { curve: true });
    expect(table.columns).toEqual(['row', 'key', 'label', 't', 's', 'low', 'high', 'atRisk', 'suppressed']);
    expect(table.rows).toEqual([['overall', null, 'All', 0, 1, undefined, undefined, 20, false], ['overall', null, 'All', 30, 0.5, undefined, undefined, 12, false]]);
    const summary = toTable('metric', { overall: survival, groups: [] });
    expect(summary.columns.slice(3, 9)).toEqual(['n', 'events', 'censored', 'median', 'medianLow', 'medianHigh']);
    expect(summary.columns.slice(11, 14)).toEqual(['stillInServices90', 'stillInServices90Low', 'stillInServices90High']);
    expect(summary.rows[0]).toEqual(['overall', null, 'All', 20, 15, 5, 30, 12, null, 10, 60, 0.1, 0.05, 0.2, 0, null, null, 0, null, null, null, null, null, false]);
  });

  it('writes facilitators with by as one row per facilitator x group, the same cells as the JSON', () => {
    const cell = (key: string, label: string, n: number, events: number) => ({ key, label, n, events, rate: events / n, ciLow: 0.1, ciHigh: 0.9, unstable: true, suppressed: false });
    const body = {
      params: { by: 'gender' },
      facilitators: [
        { staffId: 'F1', name: 'Ada Lovelace', n: 5, events: 2, groups: [cell('female', 'Female', 3, 1), cell('male', 'Male', 2, 1)] },
        // An unnamed row of a supervisor's view carries no cells, so it gives no row.
        { staffId: null, name: null, n: 9, events: 3 },
        { staffId: 'F3', name: '=Cy', n: 4, events: 4, groups: [cell('female', 'Female', 4, 4)] },
      ],
    };
    // Each row also carries the facilitator's own number of cases, the heat map table's "Cases" column.
    expect(renderCsv(toTable('facilitators', body))).toBe(
      'staffId,name,groupKey,groupLabel,n,events,rate,ciLow,ciHigh,unstable,suppressed,facilitatorN\r\n' +
        'F1,Ada Lovelace,female,Female,3,1,0.3333333333333333,0.1,0.9,true,false,5\r\n' +
        'F1,Ada Lovelace,male,Male,2,1,0.5,0.1,0.9,true,false,5\r\n' +
        "F3,'=Cy,female,Female,4,4,1,0.1,0.9,true,false,4\r\n",
    );
    // Without by, one row per facilitator as before.
    expect(toTable('facilitators', { ...body, params: { by: 'none' } }).rows).toHaveLength(3);
  });

  it('writes workforce with one row per caseload month after the overall and the groups', () => {
    const figures = { headcount: { start: 20, end: 22, average: 21 }, separations: { all: 3, voluntary: 2 }, turnover: { all: 0.14, voluntary: 0.1 }, retention12m: null, tenure: null, continuity: null };
    const body = {
      ...figures,
      caseload: [{ month: '2024-01-01', facilitators: 20, openEpisodes: 240, perFacilitator: 12 }, { month: '2024-02-01', facilitators: null, openEpisodes: 250, perFacilitator: null }],
      groups: [{ key: 'S1', label: 'Sue', ...figures }],
    };
    const table = toTable('workforce', body);
    const records = table.rows.map((r) => Object.fromEntries(table.columns.map((c, i) => [c, r[i]])));
    expect(records.map((r) => [r.row, r.key, r.headcountEnd, r.month, r.facilitators, r.openEpisodes, r.perFacilitator, r.suppressed])).toEqual([
      ['overall', null, 22, null, null, null, null, false],
      ['group', 'S1', 22, null, null, null, null, false],
      ['caseload', null, null, '2024-01-01', 20, 240, 12, false],
      ['caseload', null, null, '2024-02-01', null, 250, null, true],
    ]);
    expect(table.rows.every((r) => r.length === table.columns.length)).toBe(true);
    // Each figure of the Workforce page downloads its own rows.
    expect(toTable('workforce', body, { section: 'caseload' })).toEqual({
      columns: ['month', 'facilitators', 'openEpisodes', 'perFacilitator', 'suppressed'],
      rows: [['2024-01-01', 20, 240, 12, false], ['2024-02-01', null, 250, null, true]],
    });
    const groups = toTable('workforce', body, { section: 'groups' });
    expect([groups.rows.length, groups.columns.slice(0, 3), groups.columns.includes('month')]).toEqual([1, ['key', 'label', 'headcountStart'], false]);
    const retention = toTable('workforce', { ...body, retention12m: { n: 20, events: 17, rate: 0.85, ciLow: 0.64, ciHigh: 0.95, unstable: false, suppressed: false } }, { section: 'retention' });
    expect(retention).toEqual({ columns: ['measure', 'n', 'events', 'rate', 'ciLow', 'ciHigh', 'unstable', 'suppressed'], rows: [['retention12m', 20, 17, 0.85, 0.64, 0.95, false, false]] });
    expect(toTable('workforce', body, { section: 'figures' }).rows.map((r) => r[0])).toEqual(['overall', 'group']);
  });

  it("writes the share still employed at 180, 365 and 730 days with its interval, as the tenure table shows it", () => {
    const tenure = {
      n: 30, events: 12, censored: 18, median: 700, medianLow: 500, medianHigh: null, q25: 300, q75: null,
      stillInServices: { 90: 0.9, 180: 0.8, 365: 0.7, 730: 0.5 },
      stillInServicesLow: { 90: 0.75, 180: 0.62, 365: 0.5, 730: 0.3 },
      stillInServicesHigh: { 90: 0.97, 180: 0.9, 365: 0.84, 730: 0.7 },
      suppressed: false,
    };
    const period = { period: '2021', from: '2021-01-01', to: '2021-12-31', headcount: { start: 20, end: 22, average: 21 }, separations: { all: 3, voluntary: 2 }, turnover: {}, retention12m: null, tenure, continuity: null };
    const table = toTable('trend', { metric: 'workforce', periods: [period] });
    const record = Object.fromEntries(table.columns.map((c, i) => [c, table.rows[0][i]]));
    expect(table.columns.filter((c) => c.startsWith('retained'))).toEqual([
      'retained180', 'retained180Low', 'retained180High', 'retained365', 'retained365Low', 'retained365High', 'retained730', 'retained730Low', 'retained730High',
    ]);
    expect([record.tenureN, record.tenureEvents, record.tenureMedian, record.tenureMedianLow, record.tenureMedianHigh]).toEqual([30, 12, 700, 500, null]);
    expect([record.retained730, record.retained730Low, record.retained730High, record.retained180Low, record.retained365High]).toEqual([0.5, 0.3, 0.7, 0.62, 0.84]);
    // The workforce endpoint's own CSV has the same columns for the agency and each group.
    expect(toTable('workforce', { ...period, groups: [] }).columns).toEqual(expect.arrayContaining(['retained730Low', 'retained730High']));
  });

  it('writes every section of a facilitator detail: figures, trend, caseload, gaps, certification', () => {
    const e = (n: number, events: number) => ({ n, events, rate: events / n, ciLow: 0.1, ciHigh: 0.9, unstable: false, suppressed: false });
    const body = {
      metric: 'reentry',
      figures: { reentry: { facilitator: e(40, 8), agency: e(4000, 600), from: '2023-01-01', to: '2023-12-31' } },
      trend: [{ quarter: '2023-Q4', from: '2023-10-01', to: '2023-12-31', facilitator: e(10, 2), agency: e(1000, 150) }],
      caseloadByGroup: [{ dimension: 'gender', key: 'female', label: 'Female', n: 22 }],
      equity: [{ dimension: 'race_ethnicity', key: 'black', label: 'Black', ratio: 1.5, ratioLow: 0.8, ratioHigh: 2.8, n: 12, events: 4, referenceN: 20, referenceEvents: 4 }],
      certification: { certifiedDate: '2023-06-01', before: e(15, 5), after: e(25, 3) },
    };
    const table = toTable('facilitatorDetail', body);
    const records = table.rows.map((r) => Object.fromEntries(table.columns.map((c, i) => [c, r[i]])));
    // An empty cell may be null or undefined: both are written as nothing.
    expect(records.map((r) => [r.section, r.quarter, r.who, r.n, r.events, r.dimension, r.key, r.ratio, r.referenceN, r.certifiedDate].map((v) => v ?? null))).toEqual([
      ['figures', null, 'facilitator', 40, 8, undefined, undefined, undefined, undefined, undefined],
      ['figures', null, 'agency', 4000, 600, undefined, undefined, undefined, undefined, undefined],
      ['trend', '2023-Q4', 'facilitator', 10, 2, undefined, undefined, undefined, undefined, undefined],
      ['trend', '2023-Q4', 'agency', 1000, 150, undefined, undefined, undefined, undefined, undefined],
      ['caseload', null, 'facilitator', 22, undefined, 'gender', 'female', undefined, undefined, undefined],
      ['equity', null, 'facilitator', 12, 4, 'race_ethnicity', 'black', 1.5, 20, undefined],
      ['certification', null, 'before', 15, 5, null, null, null, null, '2023-06-01'],
      ['certification', null, 'after', 25, 3, null, null, null, null, '2023-06-01'],
    ].map((r) => r.map((v) => v ?? null)));
    expect(table.rows.every((r) => r.length === table.columns.length)).toBe(true);
    // One section, for the figure that draws it.
    expect(toTable('facilitatorDetail', body, { section: 'trend' }).rows.map((r) => [r[0], r[3]])).toEqual([['trend', 'facilitator'], ['trend', 'agency']]);
    expect(toTable('facilitatorDetail', body, { section: 'certification' }).rows).toHaveLength(2);
  });

  it('names files after what and when, without unsafe characters', () => {
    expect(csvFileName(['reentry', 'by-race_ethnicity', '2022-01-01', '2022-12-31', 'asof-2025-06-30'])).toBe('reentry_by-race_ethnicity_2022-01-01_2022-12-31_asof-2025-06-30.csv');
    expect(csvFileName(['facilitator-"; rm -rf', null, 'x'])).toBe('facilitator--rm--rf_x.csv');
  });
});

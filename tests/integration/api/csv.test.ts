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
    const survival = { n: 20, events: 15, censored: 5, median: 30, q25: 10, q75: 60, stillInServices: { 90: 0.1, 180: 0, 365: 0, 730: null }, curve: [{ t: 0, s: 1 }, { t: 30, s: 0.5 }] };
    const table = toTable('metric', { overall: survival, groups: [] }, { curve: true });
    expect(table.columns).toEqual(['row', 'key', 'label', 't', 's', 'low', 'high', 'suppressed']);
    expect(table.rows).toEqual([['overall', null, 'All', 0, 1, undefined, undefined, false], ['overall', null, 'All', 30, 0.5, undefined, undefined, false]]);
    const summary = toTable('metric', { overall: survival, groups: [] });
    expect(summary.rows[0]).toEqual(['overall', null, 'All', 20, 15, 5, 30, 10, 60, 0.1, 0, 0, null, false]);
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
    expect(renderCsv(toTable('facilitators', body))).toBe(
      'staffId,name,groupKey,groupLabel,n,events,rate,ciLow,ciHigh,unstable,suppressed\r\n' +
        'F1,Ada Lovelace,female,Female,3,1,0.3333333333333333,0.1,0.9,true,false\r\n' +
        'F1,Ada Lovelace,male,Male,2,1,0.5,0.1,0.9,true,false\r\n' +
        "F3,'=Cy,female,Female,4,4,1,0.1,0.9,true,false\r\n",
    );
    // Without by, one row per facilitator as before.
    expect(toTable('facilitators', { ...body, params: { by: 'none' } }).rows).toHaveLength(3);
  });

  it('names files after what and when, without unsafe characters', () => {
    expect(csvFileName(['reentry', 'by-race_ethnicity', '2022-01-01', '2022-12-31', 'asof-2025-06-30'])).toBe('reentry_by-race_ethnicity_2022-01-01_2022-12-31_asof-2025-06-30.csv');
    expect(csvFileName(['facilitator-"; rm -rf', null, 'x'])).toBe('facilitator--rm--rf_x.csv');
  });
});

// The hand-written CSV reader: RFC 4180 records and physical line numbers,
// whatever the chunk boundaries, checked against a writer with fast-check.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvRecordParser, ExtractFileError, readCsvHeader, readCsvRecords, readRawLines } from '../../../etl/csvRecords.ts';

interface Parsed {
  fields: string[];
  line: number;
  raw: string;
}

function parse(text: string, chunkSize = text.length || 1): Parsed[] {
  const records: Parsed[] = [];
  const parser = new CsvRecordParser('test.csv', (fields, line, raw) => records.push({ fields: [...fields], line, raw: raw() }));
  for (let i = 0; i < text.length; i += chunkSize) parser.push(text.slice(i, i + chunkSize), false);
  parser.push('', true);
  return records;
}

const quote = (field: string) => (/[",\r\n]/.test(field) ? '"' + field.replaceAll('"', '""') + '"' : field);

describe('CsvRecordParser', () => {
  it('splits records and fields, with LF or CRLF and without a final line end', () => {
    expect(parse('a,b\r\n1,2\n3,\n,4').map((r) => [r.fields, r.line, r.raw])).toEqual([
      [['a', 'b'], 1, 'a,b'],
      [['1', '2'], 2, '1,2'],
      [['3', ''], 3, '3,'],
      [['', '4'], 4, ',4'],
    ]);
  });

  it('reads quoted commas, doubled quotes and line breaks, counting physical lines', () => {
    // The second record spans lines 2-4, so the third starts on line 5.
    expect(parse('h1,h2\n"a,b","x\r\ny\nz"\n"say ""hi""",\n').map((r) => [r.fields, r.line])).toEqual([
      [['h1', 'h2'], 1],
      [['a,b', 'x\r\ny\nz'], 2],
      [['say "hi"', ''], 5],
    ]);
  });

  it('skips blank lines but still counts them', () => {
    expect(parse('h\n\n1\n\r\n2\n\n').map((r) => [r.fields, r.line])).toEqual([
      [['h'], 1],
      [['1'], 3],
      [['2'], 5],
    ]);
  });

  it('refuses a quoted field that is never closed, naming the line it opened on', () => {
    expect(() => parse('h\n1\n"open\n2\n')).toThrow(new ExtractFileError('test.csv', 'test.csv is not valid CSV: the quoted field opened on line 3 is never closed.'));
  });

  it('refuses text after a closing quote', () => {
    expect(() => parse('h,i\n"a"b,c\n')).toThrow('test.csv is not valid CSV: line 2 has text after a closing quote');
  });

  it('refuses a quote inside a field that is not quoted (RFC 4180), naming the line, whatever the chunks', () => {
    for (const size of [1, 3, 100]) {
      expect(() => parse('h,i\n"x\ny",2\nO"Brien,3\n', size)).toThrow(
        new ExtractFileError('test.csv', 'test.csv is not valid CSV: line 4 has a quote inside a field that does not start with one (a field holding quotes must be in quotes, each quote doubled).'),
      );
    }
  });

  it('refuses a carriage return outside quotes that ends no line; lone-CR line ends are named as such', () => {
    for (const size of [1, 4, 100]) {
      expect(() => parse('h,i\nCr\rMid,1\n', size)).toThrow('test.csv is not valid CSV: line 2 has a carriage return (CR) inside a field that is not in quotes');
      expect(() => parse('h,i\r1,2\r', size)).toThrow('test.csv ends its lines with a lone carriage return (CR)');
      // CRLF, a CR before the end of the file, and a CR in quotes are fine.
      expect(parse('h,i\r\n1,"a\rb"\r\n2,3\r', size).map((r) => r.fields)).toEqual([['h', 'i'], ['1', 'a\rb'], ['2', '3']]);
    }
  });

  it('reads a line holding only "" as a record of one empty field, not a blank line', () => {
    expect(parse('h,i\n""\n1,2\n').map((r) => [r.fields, r.line])).toEqual([
      [['h', 'i'], 1],
      [[''], 2],
      [['1', '2'], 3],
    ]);
  });

  it('gives the same records for any chunking of any well-formed file', () => {
    const field = fc.string({ unit: fc.constantFrom('a', 'Z', ' ', ',', '"', '\n', '\r\n', 'é', '😀') });
    const row = fc.array(field, { minLength: 2, maxLength: 4 });
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 6 }), fc.boolean(), fc.integer({ min: 1, max: 7 }), (rows, crlf, chunk) => {
        // A lone empty field would be a blank line, which is not a record: the generator uses two fields or more.
        const text = rows.map((r) => r.map(quote).join(',')).join(crlf ? '\r\n' : '\n');
        const whole = parse(text);
        expect(whole.map((r) => r.fields)).toEqual(rows);
        expect(parse(text, chunk)).toEqual(whole);
        let line = 1;
        whole.forEach((r, i) => {
          expect(r.line).toBe(line);
          line += 1 + (rows[i].map(quote).join(',').match(/\n/g)?.length ?? 0);
        });
      }),
      { numRuns: 300 },
    );
  });
});

describe('reading files', () => {
  const write = (content: string | Buffer) => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'csv-')), 'f.csv');
    fs.writeFileSync(file, content);
    return file;
  };

  it('drops a byte-order mark and reads the header', async () => {
    expect(await readCsvHeader(write('\uFEFFid,name\n1,a\n'), 'f.csv')).toEqual(['id', 'name']);
    expect(await readCsvHeader(write(''), 'f.csv')).toBeNull();
  });

  it('refuses bytes that are not UTF-8, naming the file and about where', async () => {
    const file = write(Buffer.concat([Buffer.from('id\n1\n2\n'), Buffer.from([0xff, 0xfe]), Buffer.from('\n')]));
    const read = async () => {
      for await (const _ of readCsvRecords(file, 'f.csv', () => {}));
    };
    await expect(read()).rejects.toThrow('f.csv is not valid UTF-8 (first bad byte on line 4); save it as UTF-8 and import again.');
  });

  it('finds the raw text of given lines again', async () => {
    const file = write('h,i\n1,2\n"a\nb",3\n4,5\n');
    expect(await readRawLines(file, 'f.csv', new Set([3, 5]))).toEqual(new Map([[3, '"a\nb",3'], [5, '4,5']]));
  });
});

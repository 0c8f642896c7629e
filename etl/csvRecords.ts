// A streaming RFC 4180 reader: bytes in, records out with their physical line
// number. Hand-written because it sits on the hot path of a million-row import.
import fs from 'node:fs';

/** A file-level problem: the import aborts before anything is written. */
export class ExtractFileError extends Error {
  constructor(
    readonly file: string,
    message: string,
    readonly column?: string,
  ) {
    super(message);
  }
}

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

/**
 * Called once per record. `fields` is reused between calls (copy it to keep it);
 * `raw()` builds the record's text only when asked, so accepted rows never pay for it.
 */
export type OnRecord = (fields: string[], line: number, raw: () => string) => void;

export interface ReadProgress {
  bytesRead: number;
  totalBytes: number;
}

/**
 * Reads a CSV file record by record, yielding after each chunk so the caller can
 * hand on what it built; throws ExtractFileError when it is not UTF-8 or not valid CSV.
 */
export async function* readCsvRecords(filePath: string, file: string, onRecord: OnRecord): AsyncGenerator<ReadProgress> {
  const totalBytes = fs.statSync(filePath).size;
  const decoder = new TextDecoder('utf-8', { fatal: true }); // also drops a leading BOM
  const parser = new CsvRecordParser(file, onRecord);
  let bytesRead = 0;
  // 64 KB at a time: the staging text built from one read stays small enough to die young; with 1 MB reads it
  // outlived the young generation and garbage collection took a third of the time (staging at 1M: 4.0 -> 2.2 s).
  for await (const bytes of fs.createReadStream(filePath, { highWaterMark: 1 << 16 })) {
    bytesRead += (bytes as Buffer).length;
    parser.push(decode(decoder, bytes as Buffer, filePath, file, false), false);
    yield { bytesRead, totalBytes };
  }
  parser.push(decode(decoder, undefined, filePath, file, true), true);
  yield { bytesRead, totalBytes };
}

/** The header row of a CSV file (the first record), or null for an empty file. */
export async function readCsvHeader(filePath: string, file: string): Promise<string[] | null> {
  let header: string[] | null = null;
  for await (const _ of readCsvRecords(filePath, file, (fields) => {
    header ??= [...fields];
  })) {
    if (header) break;
  }
  return header;
}

/** The text of the given records (by line number), read again from the file: as written, or as `shown` makes it. */
export async function readRawLines(
  filePath: string,
  file: string,
  lines: Set<number>,
  shown: (fields: string[], text: () => string) => string = (_fields, text) => text(),
): Promise<Map<number, string>> {
  const raw = new Map<number, string>();
  for await (const _ of readCsvRecords(filePath, file, (fields, line, text) => {
    if (lines.has(line)) raw.set(line, shown(fields, text));
  })) {
    if (raw.size === lines.size) break;
  }
  return raw;
}

function decode(decoder: TextDecoder, bytes: Buffer | undefined, filePath: string, file: string, end: boolean): string {
  try {
    return decoder.decode(bytes, { stream: !end });
  } catch {
    throw new ExtractFileError(file, `${file} is not valid UTF-8 (first bad byte on line ${lineOfBadByte(filePath)}); save it as UTF-8 and import again.`);
  }
}

/** The line holding the first byte that is not UTF-8 (error path only: reads the file again). */
function lineOfBadByte(filePath: string): number {
  const bytes = fs.readFileSync(filePath);
  const fails = (length: number) => {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, length), { stream: length < bytes.length });
      return false;
    } catch {
      return true;
    }
  };
  // The shortest failing prefix ends at the bad byte.
  let low = 0;
  let high = bytes.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (fails(mid)) high = mid;
    else low = mid + 1;
  }
  let line = 1;
  for (let i = bytes.indexOf(10); i >= 0 && i < low - 1; i = bytes.indexOf(10, i + 1)) line++;
  return line;
}

export class CsvRecordParser {
  /** Physical line number of the next record (1 = the header). */
  line = 1;
  private rest = '';
  private readonly fields: string[] = [];
  private newlinesInRecord = 0;
  private quotedInRecord = false;

  constructor(
    private readonly file: string,
    private readonly onRecord: OnRecord,
  ) {}

  push(chunk: string, eof: boolean): void {
    const buf = this.rest.length ? this.rest + chunk : chunk;
    let pos = 0;
    const n = buf.length;
    while (pos < n) {
      const end = this.parseRecord(buf, pos, eof);
      if (end < 0) break;
      const line = this.line;
      this.line += 1 + this.newlinesInRecord;
      const start = pos;
      const fields = this.fields;
      // A blank line is not a record (spreadsheets leave them at the end); a line holding only "" is one empty field.
      if (!(fields.length === 1 && fields[0] === '' && !this.quotedInRecord)) {
        this.onRecord(fields, line, () => trimLineEnd(buf.slice(start, end)));
      }
      pos = end;
    }
    this.rest = pos < n ? buf.slice(pos) : '';
  }

  /** A CR that ends no line outside quotes: in the header, the file's line ends (old Mac software); else one value. */
  private loneCr(): ExtractFileError {
    if (this.line === 1) {
      return new ExtractFileError(this.file, `${this.file} ends its lines with a lone carriage return (CR); save it with LF or CRLF line ends and import again.`);
    }
    return new ExtractFileError(
      this.file,
      `${this.file} is not valid CSV: line ${this.line + this.newlinesInRecord} has a carriage return (CR) inside a field that is not in quotes (a value holding line breaks must be in quotes).`,
    );
  }

  /** Parses one record starting at `start` into this.fields; returns the index after it, or -1 for "need more text". */
  private parseRecord(buf: string, start: number, eof: boolean): number {
    const fields = this.fields;
    fields.length = 0;
    this.newlinesInRecord = 0;
    this.quotedInRecord = false;
    const n = buf.length;
    let i = start;
    for (;;) {
      if (i < n && buf.charCodeAt(i) === QUOTE) {
        // Quoted field: runs to the next quote that is not doubled.
        this.quotedInRecord = true;
        let j = i + 1;
        let doubled = false;
        let close = -1;
        while (close < 0) {
          const q = buf.indexOf('"', j);
          if (q < 0 || (q + 1 >= n && !eof)) {
            if (!eof) return -1;
            throw new ExtractFileError(this.file, `${this.file} is not valid CSV: the quoted field opened on line ${this.line + countNewlines(buf, start, i)} is never closed.`);
          }
          if (q + 1 < n && buf.charCodeAt(q + 1) === QUOTE) {
            doubled = true;
            j = q + 2;
          } else close = q;
        }
        let value = buf.slice(i + 1, close);
        if (value.indexOf('\n') >= 0) this.newlinesInRecord += countNewlines(value, 0, value.length);
        if (doubled) value = value.replaceAll('""', '"');
        fields.push(value);
        i = close + 1;
        if (i >= n) return n; // eof (checked above)
        const c = buf.charCodeAt(i);
        if (c === COMMA) {
          i++;
          continue;
        }
        if (c === LF) return i + 1;
        if (c === CR && i + 1 < n && buf.charCodeAt(i + 1) === LF) return i + 2;
        if (c === CR && i + 1 >= n) {
          if (!eof) return -1;
          return n;
        }
        throw new ExtractFileError(
          this.file,
          `${this.file} is not valid CSV: line ${this.line + this.newlinesInRecord} has text after a closing quote (a quote inside a quoted field must be doubled).`,
        );
      }
      // Unquoted field: runs to the next comma or line end; RFC 4180 allows no quote in it, and a CR only before LF.
      let j = i;
      let c = 0;
      while (j < n) {
        c = buf.charCodeAt(j);
        if (c === COMMA || c === LF) break;
        if (c === QUOTE) {
          throw new ExtractFileError(
            this.file,
            `${this.file} is not valid CSV: line ${this.line + this.newlinesInRecord} has a quote inside a field that does not start with one (a field holding quotes must be in quotes, each quote doubled).`,
          );
        }
        if (c === CR && !(j + 1 < n && buf.charCodeAt(j + 1) === LF)) {
          if (j + 1 >= n && !eof) return -1;
          if (j + 1 < n) throw this.loneCr();
        }
        j++;
      }
      if (j >= n) {
        if (!eof) return -1;
        fields.push(stripCr(buf.slice(i, n)));
        return n;
      }
      if (c === COMMA) {
        fields.push(buf.slice(i, j));
        i = j + 1;
        continue;
      }
      fields.push(j > i && buf.charCodeAt(j - 1) === CR ? buf.slice(i, j - 1) : buf.slice(i, j));
      return j + 1;
    }
  }
}

function countNewlines(text: string, from: number, to: number): number {
  let count = 0;
  for (let k = text.indexOf('\n', from); k >= 0 && k < to; k = text.indexOf('\n', k + 1)) count++;
  return count;
}

function stripCr(value: string): string {
  return value.length && value.charCodeAt(value.length - 1) === CR ? value.slice(0, -1) : value;
}

function trimLineEnd(text: string): string {
  let end = text.length;
  while (end > 0 && (text.charCodeAt(end - 1) === LF || text.charCodeAt(end - 1) === CR)) end--;
  return text.slice(0, end);
}

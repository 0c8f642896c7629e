// Checks one CSV row against the contract in plain code (no schema library on
// the hot path) and turns an accepted row into a line for the staging COPY.
import { MAX_ID_LENGTH, reasons, type ColumnSpec, type FileSpec, type Reason } from './contract.ts';
import { ExtractFileError } from './csvRecords.ts';
import { parseDate, whyNotDate } from './dates.ts';
import type { ExtractSettings } from './extractSettings.ts';

/** Where each contract column sits in the file (-1 = column absent), the header's other columns, and the warnings the header earned. */
export interface HeaderLayout {
  positions: number[];
  width: number;
  /** Header positions of columns outside the contract (a name, an address, notes): their cells are never kept. */
  ignored: number[];
  warnings: string[];
}

/** Matches the header row to the contract: case-insensitive, trimmed, after mapping.json's column aliases. */
export function resolveHeader(spec: FileSpec, header: string[], settings: ExtractSettings): HeaderLayout {
  const aliases = settings.columnAliases[spec.file];
  const known = new Set(spec.columns.map((c) => c.name));
  const found = new Map<string, number>();
  const warnings: string[] = [];
  const ignored = new Set<string>();
  const ignoredPositions: number[] = [];
  const unnamed: number[] = [];
  header.forEach((cell, index) => {
    const key = cell.trim().toLowerCase();
    const name = aliases?.get(key) ?? key;
    if (!known.has(name)) {
      // Reported once, however often (and in whatever case) the header repeats it (data-contract.md).
      if (name === '') unnamed.push(index + 1);
      else if (!ignored.has(name)) warnings.push(`${spec.file}: column "${cell.trim()}" is not part of the contract and was ignored.`);
      ignored.add(name);
      ignoredPositions.push(index);
      return;
    }
    if (found.has(name)) throw new ExtractFileError(spec.file, `${spec.file} has the column ${name} twice (header positions ${found.get(name)! + 1} and ${index + 1}).`, name);
    found.set(name, index);
  });
  // A header ending in commas (a spreadsheet's empty columns) names no column: said by position, once.
  if (unnamed.length) {
    warnings.push(`${spec.file}: ${unnamed.length === 1 ? `the column at header position ${unnamed[0]} has no name and was` : `the columns at header positions ${unnamed.join(', ')} have no name and were`} ignored.`);
  }
  for (const column of spec.columns) {
    if (column.required && !found.has(column.name)) {
      throw new ExtractFileError(spec.file, `${spec.file} has no ${column.name} column, which the contract requires.`, column.name);
    }
  }
  return { positions: spec.columns.map((c) => found.get(c.name) ?? -1), width: header.length, ignored: ignoredPositions, warnings };
}

/**
 * The text kept for a rejected row (data-contract.md: "the raw line"): the line as written, unless it may hold
 * what the warehouse never holds (client names, addresses, case notes). A row whose fields do not line up with
 * the header cannot say which cells are which (an extra cell may be a name), so all its cells are left empty
 * (the count of fields stays visible); under a header with columns outside the contract, the row is written
 * again with their cells empty.
 */
export function rejectedRowText(layout: HeaderLayout, fields: string[], raw: () => string): string {
  if (fields.length !== layout.width) return ','.repeat(Math.max(fields.length - 1, 0));
  if (layout.ignored.length === 0) return raw();
  return fields.map((cell, index) => (layout.ignored.includes(index) ? '' : csvCell(cell))).join(',');
}

const needsQuotes = /[",\r\n]/;
const csvCell = (value: string) => (needsQuotes.test(value) ? '"' + value.replaceAll('"', '""') + '"' : value);

/** One file's validator; after validate() returns null, `column`/`reason`/`message` say why. */
export class RowValidator {
  column = '';
  reason: Reason = reasons.missingValue;
  message = '';
  /** Accepted staff rows with a separation_reason but no separation_date (see warnings()). */
  private reasonsWithoutSeparation = 0;
  private readonly values: string[];
  private readonly lookups: (Map<string, string> | undefined)[];
  private readonly isKey: boolean[];
  private readonly keyColumns: number[];
  private failed = false;
  private keyOk = false;

  constructor(
    private readonly spec: FileSpec,
    private readonly layout: HeaderLayout,
    settings: ExtractSettings,
    private readonly asOf: string,
  ) {
    this.values = new Array(spec.columns.length).fill('');
    this.lookups = spec.columns.map((c) => settings.valueAliases.get(c.name));
    const keyNames = spec.idColumn ? [spec.idColumn] : ['episode_id', 'staff_id', 'start_date'];
    this.keyColumns = keyNames.map((name) => spec.columns.findIndex((c) => c.name === name));
    this.isKey = spec.columns.map((_, k) => this.keyColumns.includes(k));
  }

  /** What the run should say about rows accepted as they are (after the whole file is read). */
  warnings(): string[] {
    const n = this.reasonsWithoutSeparation;
    if (n === 0) return [];
    return [`${this.spec.file}: ${n} ${n === 1 ? 'row gives' : 'rows give'} a separation_reason without a separation_date; kept as sent, and counted as still employed.`];
  }

  /** The last row's key cells (id, or episode, staff and start for assignments) when they were all valid, else null. */
  key(): string[] | null {
    return this.keyOk ? this.keyColumns.map((k) => this.values[k]) : null;
  }

  /** The staging line ("line,col1,col2,...\n"), or null when the row is rejected. */
  validate(fields: string[], line: number): string | null {
    this.keyOk = false;
    this.failed = false;
    this.column = '';
    const { columns } = this.spec;
    const { positions } = this.layout;
    if (fields.length !== this.layout.width) {
      // A line of spaces alone reads as one empty field: said as such, since its kept text (no commas) shows nothing.
      const blank = fields.length === 1 && fields[0].trim() === '';
      this.reject('', reasons.wrongFieldCount, blank
        ? `holds only spaces where the header has ${this.layout.width} fields`
        : `has ${fields.length} field${fields.length === 1 ? '' : 's'} where the header has ${this.layout.width}`);
      // Its key cells, where it has them, still make the row a copy of another with the same id.
      this.keyOk = this.keyColumns.every((k) => {
        const value = positions[k] < 0 || positions[k] >= fields.length ? null : this.cell(columns[k], fields[positions[k]], this.lookups[k]);
        if (value !== null) this.values[k] = value;
        return value !== null;
      });
      return null;
    }
    let out = String(line);
    let ok = true;
    let keyOk = true;
    for (let k = 0; k < columns.length; k++) {
      const position = positions[k];
      const cell = position < 0 ? '' : fields[position];
      const value = this.cell(columns[k], cell, this.lookups[k]);
      if (value === null) {
        // Keep going through the key columns so duplicates are still counted.
        ok = false;
        if (this.isKey[k]) keyOk = false;
        continue;
      }
      this.values[k] = value;
      if (ok) out += value === '' ? ',' : ',' + csvCell(value);
    }
    this.keyOk = keyOk;
    if (!ok) return null;
    return this.crossChecks() ? out + '\n' : null;
  }

  /** The stored form of one cell; '' for an empty optional cell, null when rejected (reason set on first failure). */
  private cell(column: ColumnSpec, raw: string, lookup: Map<string, string> | undefined): string | null {
    const trimmed = raw.trim();
    if (trimmed === '') {
      if (column.required) return this.reject(column.name, reasons.missingValue, `${column.name} is empty`);
      return column.emptyAs ?? '';
    }
    switch (column.type) {
      case 'id':
        // Characters, not UTF-16 units (an emoji is two); counted only for the rare long id.
        if (trimmed.length > MAX_ID_LENGTH && [...trimmed].length > MAX_ID_LENGTH) return this.reject(column.name, reasons.badId, `${column.name} is longer than ${MAX_ID_LENGTH} characters`);
        if (trimmed.includes('\0')) return this.reject(column.name, reasons.badId, `${column.name} contains a NUL character`);
        return trimmed;
      case 'date': {
        const iso = parseDate(trimmed);
        if (iso === null) return this.reject(column.name, reasons.badDate, `${column.name} "${trimmed}" is not a date: ${whyNotDate(trimmed)}`);
        if (iso > this.asOf) return this.reject(column.name, reasons.afterAsOf, `${column.name} ${iso} is after the as-of date ${this.asOf}`);
        return iso;
      }
      case 'enum': {
        const value = lookup!.get(trimmed.toLowerCase().replace(/\s+/g, ' '));
        if (value === undefined) return this.reject(column.name, reasons.unknownValue, `${column.name} "${trimmed}" is not an accepted value`);
        return value;
      }
      default: {
        // No text column of PostgreSQL can hold a NUL (dates and enums with one are refused as such above).
        if (trimmed.includes('\0')) return this.reject(column.name, reasons.badText, `${column.name} contains a NUL character`);
        const value = lookup?.get(trimmed.toLowerCase().replace(/\s+/g, ' ')) ?? trimmed;
        return column.normalise === 'lower' ? value.toLowerCase() : value;
      }
    }
  }

  /** Rules across columns: ends after starts, a reason when something ended, none while an episode is open. */
  private crossChecks(): true | null {
    const v = this.values;
    switch (this.spec.file) {
      case 'staff.csv': // hire 4, separation 5, reason 6
        if (v[5] && v[5] < v[4]) return this.reject('separation_date', reasons.endBeforeStart, `separation_date ${v[5]} is before hire_date ${v[4]}`);
        if (v[5] && !v[6]) return this.reject('separation_reason', reasons.missingValue, 'separation_reason is empty but the staff member separated');
        // A reason without a separation date breaks no rule of the contract: kept, the staff member still employed.
        if (!v[5] && v[6]) this.reasonsWithoutSeparation++;
        return true;
      case 'episodes.csv': // start 4, end 5, exit 6
        if (v[5] && v[5] < v[4]) return this.reject('end_date', reasons.endBeforeStart, `end_date ${v[5]} is before start_date ${v[4]}`);
        if (v[5] && !v[6]) return this.reject('exit_reason', reasons.missingValue, 'exit_reason is empty but the episode has ended');
        if (!v[5] && v[6]) return this.reject('exit_reason', reasons.reasonWhileOpen, 'exit_reason is given but the episode is open (no end_date)');
        return true;
      case 'assignments.csv': // start 2, end 3
        if (v[3] && v[3] < v[2]) return this.reject('end_date', reasons.endBeforeStart, `end_date ${v[3]} is before start_date ${v[2]}`);
        return true;
      default:
        return true;
    }
  }

  /** Records the row's first failure; returns null so callers can `return this.reject(...)`. */
  private reject(column: string, reason: Reason, message: string): null {
    if (!this.failed) {
      this.failed = true;
      this.column = column;
      this.reason = reason;
      this.message = message;
    }
    return null;
  }
}

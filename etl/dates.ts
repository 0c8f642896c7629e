// Contract dates: ISO YYYY-MM-DD or US M/D/YYYY, real calendar days only,
// turned into ISO strings (never Date objects, so no time zone can shift them).

const D0 = 48;

function digitsAt(s: string, from: number, to: number): number {
  let value = 0;
  for (let k = from; k < to; k++) {
    const d = s.charCodeAt(k) - D0;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return to > from ? value : -1;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

const pad2 = (n: number) => (n < 10 ? '0' + n : String(n));

// The parts of the last cell read by readParts (module scratch, so the hot path allocates nothing per cell).
let year = 0, month = 0, day = 0;

/** Reads a cell's year, month and day when it has the form YYYY-MM-DD (1) or M/D/YYYY (2); 0 otherwise. */
function readParts(s: string): 0 | 1 | 2 {
  if (s.length === 10 && s.charCodeAt(4) === 45 && s.charCodeAt(7) === 45) {
    year = digitsAt(s, 0, 4);
    month = digitsAt(s, 5, 7);
    day = digitsAt(s, 8, 10);
    return year < 0 || month < 0 || day < 0 ? 0 : 1;
  }
  const a = s.indexOf('/');
  const b = a < 0 ? -1 : s.indexOf('/', a + 1);
  if (b < 0 || a > 2 || b - a > 3 || s.length - b !== 5) return 0;
  month = digitsAt(s, 0, a);
  day = digitsAt(s, a + 1, b);
  year = digitsAt(s, b + 1, s.length);
  return year < 0 || month < 0 || day < 0 ? 0 : 2;
}

/** The ISO date for a cell, or null when it is not a real date in an accepted format. */
export function parseDate(s: string): string | null {
  const form = readParts(s);
  if (form === 0 || year < 1000 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return form === 1 ? s : `${year}-${pad2(month)}-${pad2(day)}`;
}

/** Why a cell is not a contract date (for the reject message; called only on rejected cells). */
export function whyNotDate(s: string): string {
  const form = readParts(s);
  if (form === 0) return 'write it as YYYY-MM-DD or M/D/YYYY';
  if (year < 1000) return 'the year is before 1000';
  if (month < 1 || month > 12) return `there is no month ${month}${form === 2 ? ' (M/D/YYYY puts the month first)' : ''}`;
  return `${year}-${pad2(month)} has no day ${day}`;
}

/**
 * Today's date where the agency is (the TZ the server and its import schedule run in) as YYYY-MM-DD: the default
 * as-of date, data-contract.md's "import date" (in UTC, an evening import west of Greenwich would be dated tomorrow).
 */
export function importDate(now = new Date()): string {
  return `${now.getFullYear()}-${pad2(now.getMonth() + 1)}-${pad2(now.getDate())}`;
}

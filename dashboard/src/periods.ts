// Calendar arithmetic on 'YYYY-MM-DD' strings (in UTC, never the browser's zone) to ask the API for neighbouring periods.

function toUtc(iso: string): Date {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d));
}

function toIso(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** The date `days` days after `iso` (negative goes back). */
export function addDays(iso: string, days: number): string {
  const date = toUtc(iso);
  date.setUTCDate(date.getUTCDate() + days);
  return toIso(date);
}

/** Whole calendar months from the first of `from`'s month to the end of `to`'s month, when the period is exactly that. */
function wholeMonths(from: string, to: string): number | null {
  if (!from.endsWith('-01') || addDays(to, 1).slice(8) !== '01') return null;
  const [fy, fm] = from.split('-').map(Number);
  const [ty, tm] = to.split('-').map(Number);
  return (ty - fy) * 12 + (tm - fm) + 1;
}

function monthStart(iso: string, monthsBack: number): string {
  const [y, m] = iso.split('-').map(Number);
  return toIso(new Date(Date.UTC(y, m - 1 - monthsBack, 1)));
}

/** The period of the same length just before [from, to]: whole months when the period is whole months, else days. */
export function previousPeriod(from: string, to: string): { from: string; to: string } {
  const months = wholeMonths(from, to);
  if (months != null) return { from: monthStart(from, months), to: addDays(from, -1) };
  const length = Math.round((toUtc(to).getTime() - toUtc(from).getTime()) / 86_400_000) + 1;
  return { from: addDays(from, -length), to: addDays(from, -1) };
}

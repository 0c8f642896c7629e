// Dates as whole days since 1970-01-01 (pure arithmetic, no Date objects, no time zone).

/** Day number of a 'YYYY-MM-DD' civil date (Howard Hinnant's days_from_civil). */
export function dayOf(iso: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) throw new RangeError(`"${iso}" is not a YYYY-MM-DD date`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const day = daysFromCivil(y, mo, d);
  const back = civilFromDays(day);
  if (back[0] !== y || back[1] !== mo || back[2] !== d) throw new RangeError(`"${iso}" is not a calendar date`);
  return day;
}

export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function civilFromDays(days: number): [number, number, number] {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

export function isoOf(days: number): string {
  const [y, m, d] = civilFromDays(days);
  return `${y}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

/** The day a person born on `birth` turns `years` old (29 February birthdays fall on 1 March). */
export function birthday(birth: number, years: number): number {
  const [y, m, d] = civilFromDays(birth);
  return daysFromCivil(y + years, m, d);
}

/** Whole years of age on `day`. */
export function ageOn(birth: number, day: number): number {
  const [by, bm, bd] = civilFromDays(birth);
  const [y, m, d] = civilFromDays(day);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** ISO strings for every day in [first, last], so writing a date is an array lookup. */
export class DateTable {
  private readonly strings: string[] = [];
  constructor(readonly first: number, last: number) {
    for (let day = first; day <= last; day++) this.strings.push(isoOf(day));
  }
  iso(day: number): string {
    return this.strings[day - this.first] ?? isoOf(day);
  }
}

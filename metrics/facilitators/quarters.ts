// Calendar quarters for the facilitator's trend, as 'YYYY-MM-DD' strings (never local-time Dates).
import { addDays } from '../params.ts';

export interface Quarter {
  /** '2023-Q1' */
  key: string;
  from: string;
  to: string;
}

function quarterOf(year: number, index: number): Quarter {
  const from = new Date(Date.UTC(year, index * 3, 1)).toISOString().slice(0, 10);
  const to = addDays(new Date(Date.UTC(year, index * 3 + 3, 1)).toISOString().slice(0, 10), -1);
  return { key: `${year}-Q${index + 1}`, from, to };
}

/** The last `count` quarters, oldest first, that have closed on asOf (its last day on or before asOf). */
export function lastCompleteQuarters(asOf: string, count = 8): Quarter[] {
  let year = Number(asOf.slice(0, 4));
  let index = Math.floor((Number(asOf.slice(5, 7)) - 1) / 3);
  // The quarter holding asOf is complete only when asOf is its last day.
  if (quarterOf(year, index).to !== asOf) [year, index] = index === 0 ? [year - 1, 3] : [year, index - 1];
  const quarters: Quarter[] = [];
  for (let i = 0; i < count; i++) {
    quarters.unshift(quarterOf(year, index));
    [year, index] = index === 0 ? [year - 1, 3] : [year, index - 1];
  }
  return quarters;
}

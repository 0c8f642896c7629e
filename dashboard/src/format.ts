// Formats the API's figures for reading; never derives a new figure from them.
import type { ProportionEstimate } from './types.ts';

/** The smallest count a funder is shown (the server's SUPPRESS_BELOW, from /api/health; 11 by default). */
export let SMALL_BELOW = 11;
export let SMALL_CELL_TEXT = 'fewer than 11';

/** Set once the server has said its threshold, before any page is drawn. */
export function useSmallCellThreshold(n: number): void {
  SMALL_BELOW = n;
  SMALL_CELL_TEXT = `fewer than ${n}`;
}
export const WITHHELD_TEXT = 'withheld';

/** 0.1383 → "13.8%"; null → "–". */
export function percent(value: number | null | undefined, digits = 1): string {
  return value == null ? '–' : `${(value * 100).toFixed(digits)}%`;
}

/** "13.8% (95% CI 10.8% to 17.5%)", or "fewer than 11" when suppressed. */
export function rateWithInterval(estimate: Pick<ProportionEstimate, 'rate' | 'ciLow' | 'ciHigh' | 'suppressed'>, withheldText = SMALL_CELL_TEXT): string {
  if (estimate.suppressed) return withheldText;
  if (estimate.rate == null) return 'no cases';
  return `${percent(estimate.rate)} (95% CI ${percent(estimate.ciLow)} to ${percent(estimate.ciHigh)})`;
}

/** A share with its interval, "62.0% (55.1% to 68.3%)"; the share alone where there is no interval; "–" without it. */
export function shareWithInterval(share: number | null | undefined, low: number | null | undefined, high: number | null | undefined): string {
  if (share == null) return '–';
  return low == null || high == null ? percent(share) : `${percent(share)} (${interval(low, high)})`;
}

/**
 * The facilitator spread in words: "Re-entry ranges from 12% to 21% across facilitators, after allowing for
 * chance."; where both ends round alike, that it is about that figure (not "from 16% to 16%"; and not that no one
 * stands out: the spread is of shrunken rates, the funnel may still flag a facilitator).
 */
export function spreadSentence(title: string, p10: number, p90: number, after = '', who = 'facilitators'): string {
  return percent(p10, 0) === percent(p90, 0)
    ? `${title} is about ${percent(p10, 0)} across ${who} once chance is allowed for${after}.`
    : `${title} ranges from ${percent(p10, 0)} to ${percent(p90, 0)} across ${who}, after allowing for chance${after}.`;
}

/**
 * Who a funder's facilitator comparison covers (the API's params.minimumCell): the facilitators without a small
 * cell. Leaving out those with few events leaves out low rates as well as small caseloads, so its centre and spread
 * are theirs, not the agency's; `agencyRate` (the metric's own figure) is given beside them when known.
 */
export function comparedFacilitators(minimumCell: number, events: string, agencyRate: number | null | undefined): { who: string; note: string } {
  // "each with": every one compared has them; not every one with them is compared (complementary suppression).
  const who = `the facilitators compared (each with at least ${minimumCell} cases and ${minimumCell} ${events}, or none)`;
  const agency = agencyRate == null ? '' : ` (the agency's rate is ${percent(agencyRate)})`;
  return { who, note: ` Leaving out facilitators with fewer ${events} leaves out low rates as well as small caseloads, so this describes the facilitators compared, not the whole agency${agency}.` };
}

/** "10.8% to 17.5%". */
export function interval(low: number | null | undefined, high: number | null | undefined, digits = 1): string {
  return low == null || high == null ? '–' : `${percent(low, digits)} to ${percent(high, digits)}`;
}

/**
 * A count, with thousands separators; a suppressed count says it is withheld instead of showing a number (a
 * cell is withheld when any of its counts is under 11, so this count itself may be large).
 */
export function count(value: number | null | undefined, suppressed = false): string {
  if (suppressed && (value == null || value > 0)) return WITHHELD_TEXT;
  return value == null ? '–' : value.toLocaleString('en-US');
}

/** Days, or "not reached". */
export function days(value: number | null | undefined): string {
  return value == null ? 'not reached' : `${value.toLocaleString('en-US')} days`;
}

/** A median's 95% interval: "120 to 180 days", "120 days to not reached" (an open upper limit); "–" with no median. */
export function daysInterval(median: number | null | undefined, low: number | null | undefined, high: number | null | undefined): string {
  if (median == null) return '–';
  return `${low == null ? 'not reached' : low.toLocaleString('en-US')} to ${days(high)}`;
}

type Median = { suppressed?: boolean; median?: number | null; medianLow?: number | null; medianHigh?: number | null };

/** A survival estimate's median interval as a table cell; "–" when withheld or missing. */
export function medianInterval(e: Median | null | undefined): string {
  return !e || e.suppressed ? '–' : daysInterval(e.median, e.medianLow, e.medianHigh);
}

/** "120 days (95% CI 90 to 150 days)"; "not reached" without a median. */
export function medianWithInterval(e: Median): string {
  return e.median == null ? days(null) : `${days(e.median)} (95% CI ${daysInterval(e.median, e.medianLow, e.medianHigh)})`;
}

/** "14.2% a year (95% CI 9.1% to 21.0%)"; "–" without a rate (nobody employed, or withheld). */
export function annualRate(rate: number | null | undefined, low: number | null | undefined, high: number | null | undefined): string {
  if (rate == null) return '–';
  return `${percent(rate)} a year (95% CI ${interval(low, high)})`;
}

/**
 * A turnover rate as a table cell: "14.2%"; with nobody employed "–"; withheld from a funder (no rate although
 * someone was employed, or the headcount withheld too) "withheld", never a dash that could read as nothing.
 */
export function turnoverCell(rate: number | null | undefined, averageHeadcount: number | null | undefined): string {
  if (rate != null) return percent(rate);
  return turnoverWithheld(rate, averageHeadcount) ? WITHHELD_TEXT : '–';
}

/** No rate although someone was employed (or the headcount is withheld too): withheld from a funder. */
export function turnoverWithheld(rate: number | null | undefined, averageHeadcount: number | null | undefined): boolean {
  return rate == null && averageHeadcount !== 0;
}

/** A ratio such as 1.83 → "1.83". */
export function ratio(value: number | null | undefined): string {
  return value == null ? '–' : value.toFixed(2);
}

/** A plain number with the given decimals. */
export function decimal(value: number | null | undefined, digits = 1): string {
  return value == null ? '–' : value.toFixed(digits);
}

/** 'YYYY-MM-DD' → '31 Mar 2024', read as a calendar date (no time zone involved). */
export function longDate(iso: string | null | undefined): string {
  if (!iso) return '–';
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  return `${d} ${months[m - 1]} ${y}`;
}

/** A timestamp from the API shown in UTC, to the minute. */
export function timestamp(iso: string | null | undefined): string {
  if (!iso) return '–';
  const t = new Date(iso);
  return Number.isNaN(t.getTime()) ? iso : `${longDate(t.toISOString().slice(0, 10))} ${t.toISOString().slice(11, 16)} UTC`;
}

/** Capitalises the first letter of a label. */
export function sentenceCase(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

// Pieces every page uses: the heading with its one-sentence answer, metric and dimension names, estimate table columns.
import { h } from '../dom.ts';
import { count, decimal, interval, percent, SMALL_CELL_TEXT, turnoverCell, WITHHELD_TEXT } from '../format.ts';
import type { Column } from '../figure.ts';
import type { EquityResponse, ProportionEstimate, WorkforceFigures } from '../types.ts';
import type { IntervalRow } from '../charts/intervals.ts';

export const proportionMetrics = ['reentry', 'successful-exits', 'repeat-entries'] as const;
export type ProportionMetricName = (typeof proportionMetrics)[number];

/** How each metric is named, and which direction is good (metrics.md 1-3). */
export const metricInfo: Record<string, { title: string; noun: string; lowerIsBetter: boolean; unit: string }> = {
  reentry: { title: 'Re-entry', noun: 're-entry', lowerIsBetter: true, unit: 'exits' },
  'successful-exits': { title: 'Successful exits', noun: 'successful exits', lowerIsBetter: false, unit: 'exits' },
  'repeat-entries': { title: 'Repeat entries', noun: 'repeat entries', lowerIsBetter: true, unit: 'entries' },
  'time-in-services': { title: 'Time in services', noun: 'time in services', lowerIsBetter: false, unit: 'episodes' },
};

export const windowWords: Record<string, string> = { '180': '6 months', '365': '12 months', '730': '24 months' };

/** "Re-entry within 12 months" for re-entry, else the metric's title. */
export function metricTitle(metric: string, window?: number | string | null): string {
  const info = metricInfo[metric];
  if (metric === 'reentry') return `Re-entry within ${windowWords[String(window ?? 365)] ?? `${window} days`}`;
  return info?.title ?? metric;
}

export const dimensionNames: Record<string, string> = {
  race_ethnicity: 'Race and ethnicity', gender: 'Gender', age_group: 'Age group', primary_language: 'Language',
  program: 'Program', county: 'County', supervisor: 'Supervisor team', facilitator: 'Facilitator', none: 'Agency',
};

export const equityDimensions = ['race_ethnicity', 'gender', 'age_group', 'primary_language'] as const;

/**
 * Why an equity answer compared nothing, or null when it compared something: its reference group withheld (a
 * funder's small cell) or without records in the selection, or every other known group withheld, or none there.
 * The Equity page and the Overview's largest gap say the same of it.
 */
export type NothingCompared = 'reference withheld' | 'reference absent' | 'others withheld' | 'no others';

export function nothingCompared(r: Pick<EquityResponse, 'reference' | 'groups'>): NothingCompared | null {
  const reference = r.groups.find((g) => g.key === r.reference);
  if (reference?.suppressed) return 'reference withheld';
  if (r.reference !== 'rest' && !reference) return 'reference absent';
  const others = r.groups.filter((g) => g.key !== r.reference && g.key !== 'unknown');
  if (others.length === 0) return 'no others';
  return others.every((g) => g.suppressed) ? 'others withheld' : null;
}

/** The page title and the plain sentence that answers the page's question. */
export function pageHeading(title: string, answer: string, question?: string): HTMLElement[] {
  const nodes: HTMLElement[] = [h('h1', { tabindex: '-1' }, title)];
  if (question) nodes.push(h('p', { class: 'question' }, question));
  nodes.push(h('p', { class: 'answer', 'data-answer': '' }, answer));
  return nodes;
}

/** A page section with its heading. */
export function section(title: string, ...children: (Node | null)[]): HTMLElement {
  return h('section', { class: 'page-section' }, h('h2', {}, title), children);
}

/** Columns for a proportion estimate in a table; `withheld` is what a suppressed row's rate reads. */
export function estimateColumns<Row>(get: (row: Row) => ProportionEstimate, unit: string, withheld: (row: Row) => string = () => SMALL_CELL_TEXT): Column<Row>[] {
  return [
    { label: 'Rate', numeric: true, value: (r) => (get(r).suppressed ? withheld(r) : percent(get(r).rate)) },
    { label: '95% interval', numeric: true, value: (r) => (get(r).suppressed ? '–' : interval(get(r).ciLow, get(r).ciHigh)) },
    { label: `Cases (${unit})`, numeric: true, value: (r) => count(get(r).n, get(r).suppressed) },
    { label: 'Events', numeric: true, value: (r) => count(get(r).events, get(r).suppressed) },
    { label: 'Note', value: (r) => (get(r).suppressed ? 'withheld: small number' : get(r).n === 0 ? 'no cases' : get(r).unstable ? 'fewer than 20 cases: unstable' : '') },
  ];
}

/** One chart row from an estimate. */
/** A quarter's turnover as table columns (Overview and Workforce): rates with intervals, separations, headcount. */
export function turnoverColumns<Row>(get: (row: Row) => WorkforceFigures): Column<Row>[] {
  return [
    { label: 'Turnover (annual rate)', numeric: true, value: (r) => turnoverCell(get(r).turnover.all, get(r).headcount.average) },
    { label: '95% CI', numeric: true, value: (r) => interval(get(r).turnover.allLow, get(r).turnover.allHigh) },
    { label: 'Voluntary', numeric: true, value: (r) => turnoverCell(get(r).turnover.voluntary, get(r).headcount.average) },
    { label: 'Voluntary 95% CI', numeric: true, value: (r) => interval(get(r).turnover.voluntaryLow, get(r).turnover.voluntaryHigh) },
    { label: 'Separations', numeric: true, value: (r) => count(get(r).separations.all, get(r).separations.all == null) },
    { label: 'Average headcount', numeric: true, value: (r) => (get(r).headcount.average == null ? WITHHELD_TEXT : decimal(get(r).headcount.average)) },
  ];
}

export function intervalRow(label: string, estimate: ProportionEstimate, highlight = false, withheldText = SMALL_CELL_TEXT): IntervalRow {
  return {
    label,
    value: estimate.rate, low: estimate.ciLow, high: estimate.ciHigh,
    suppressed: estimate.suppressed,
    missing: 'no cases',
    withheldText,
    unstable: estimate.unstable, highlight,
    title: estimate.suppressed ? `${label}: ${withheldText}` : estimate.rate == null ? `${label}: no cases` : `${label}: ${percent(estimate.rate)} (95% CI ${interval(estimate.ciLow, estimate.ciHigh)}), n = ${count(estimate.n)}`,
  };
}

/** A short legend in words and symbols (meaning never rests on colour alone). */
export function legend(items: { symbol: string; text: string }[]): HTMLElement {
  return h('ul', { class: 'legend' }, items.map((i) => h('li', {}, h('span', { class: 'legend-symbol', 'aria-hidden': 'true' }, i.symbol), ' ', i.text)));
}

/** The standard key of a dot-and-interval chart. */
export const intervalLegend = () => legend([
  { symbol: '●', text: 'rate' },
  { symbol: '○', text: 'fewer than 20 cases (unstable)' },
  { symbol: '—', text: '95% interval' },
]);

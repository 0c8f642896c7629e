// The filter form: period, program, county, re-entry window and the page's own choices, all written to the URL.
import { h } from './dom.ts';
import type { PageContext } from './context.ts';
import type { Filters, ResolvedParams } from './types.ts';
import { currentQuery, sharedFilters, withChanges } from './query.ts';
import { longDate } from './format.ts';

export interface PageChoice {
  key: string;
  label: string;
  options: { value: string; label: string }[];
  value: string;
  /** Other parameters that mean nothing once this one changes (left out of the new URL). */
  clears?: string[];
}

export interface FilterBarOptions {
  /** The parameters the API actually used (its defaults filled in), to show the period in force. */
  resolved?: ResolvedParams;
  /** Offer the re-entry follow-up window. */
  window?: boolean;
  /** Offer the period and program/county filters (not on the Data page). */
  period?: boolean;
  /** Offer program and county (not for workforce figures, which are about staff). */
  programs?: boolean;
  choices?: PageChoice[];
}

/** Shows the view for changed filters; the new view gives focus back to the control in use (same id). */
function apply(ctx: PageContext, changes: Record<string, string | string[] | null>): void {
  // The address bar, not this view's query: edits made while the next view loads all count.
  ctx.navigate(`${location.pathname}?${withChanges(currentQuery(), changes)}`, { keepFocus: true });
}

/** A whole date the API accepts (years 1900 to 2999), not a year still being typed (0002). */
const completeDate = /^(19|2\d)\d\d-\d\d-\d\d$/;

function selectControl(ctx: PageContext, choice: PageChoice): HTMLElement {
  // Ids stay the same from one view to the next, so focus can come back to the same control.
  const id = `filter-${choice.key}`;
  const select = h('select', { id, name: choice.key }, choice.options.map((o) => h('option', { value: o.value, selected: o.value === choice.value }, o.label)));
  const cleared = Object.fromEntries((choice.clears ?? []).map((key) => [key, null]));
  select.addEventListener('change', () => apply(ctx, { ...cleared, [choice.key]: select.value }));
  return h('div', { class: 'field' }, h('label', { for: id }, choice.label), select);
}

function checklist(ctx: PageContext, key: string, legend: string, options: { value: string; label: string }[]): HTMLElement {
  const chosen = new Set(ctx.query.getAll(key));
  const boxes = options.map((o, i) => {
    const id = `filter-${key}-${i}`;
    const box = h('input', { type: 'checkbox', id, name: key, value: o.value, checked: chosen.has(o.value) });
    return h('div', { class: 'check' }, box, h('label', { for: id }, o.label));
  });
  const fieldset = h('fieldset', { class: 'checklist' }, h('legend', {}, legend), boxes);
  fieldset.addEventListener('change', () => {
    const values = [...fieldset.querySelectorAll<HTMLInputElement>('input:checked')].map((b) => b.value);
    apply(ctx, { [key]: values });
  });
  // A value from a bookmark that the data no longer holds is named as such, not dropped from the summary.
  const unknown = [...chosen].filter((value) => !options.some((o) => o.value === value)).map((value) => `${value} (not in the data)`);
  const summary = chosen.size === 0 ? `All ${legend.toLowerCase()}` : `${legend}: ${[...options.filter((o) => chosen.has(o.value)).map((o) => o.label), ...unknown].join(', ')}`;
  return h('details', { class: 'field checklist-field' }, h('summary', {}, summary), fieldset);
}

function dateControl(ctx: PageContext, key: 'from' | 'to', label: string, value: string | undefined, bounds: { min?: string | null; max?: string | null }): HTMLElement {
  const id = `filter-${key}`;
  const input = h('input', { type: 'date', id, name: key, value: ctx.query.get(key) ?? value ?? '', min: bounds.min ?? null, max: bounds.max ?? null });
  let applied = input.value;
  let typing = false;
  const commit = () => {
    // Skips a date left half-typed (the browser reports it as bad input), one already applied, and a view already replaced.
    if (!input.isConnected || input.validity.badInput || input.value === applied) return;
    applied = input.value;
    apply(ctx, { [key]: input.value || null });
  };
  // Typing edits one part at a time (month, day, year), each firing change: a typed date waits for Enter or leaving the field.
  input.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter') typing = true;
    else commit();
  });
  input.addEventListener('pointerdown', () => { typing = false; });
  input.addEventListener('blur', commit);
  // A date picked with the mouse applies at once, as before.
  input.addEventListener('change', () => { if (!typing && completeDate.test(input.value)) commit(); });
  return h('div', { class: 'field' }, h('label', { for: id }, label), input);
}

/** The filter form; its controls appear once the data's filters have arrived (asked for in parallel with the figures). */
export function filterBar(ctx: PageContext, options: FilterBarOptions): HTMLElement {
  const form = h('form', { class: 'filter-bar', role: 'search', 'aria-label': 'Filters', onsubmit: ((e: Event) => e.preventDefault()) as EventListener });
  ctx.defer(ctx.filters.then((filters) => form.append(...filterControls(ctx, filters, options))));
  return form;
}

function filterControls(ctx: PageContext, filters: Filters, options: FilterBarOptions): HTMLElement[] {
  const { query } = ctx;
  const controls: HTMLElement[] = [];
  if (options.period !== false) {
    const bounds = { min: filters.period.first, max: filters.asOf ?? filters.period.last };
    controls.push(dateControl(ctx, 'from', 'From', options.resolved?.from, bounds), dateControl(ctx, 'to', 'To', options.resolved?.to, bounds));
    if (options.programs !== false && filters.programs.length > 1) controls.push(checklist(ctx, 'program', 'Programs', filters.programs.map((p) => ({ value: p.key, label: p.label }))));
    if (options.programs !== false && filters.counties.length > 1) controls.push(checklist(ctx, 'county', 'Counties', filters.counties.map((c) => ({ value: c, label: c }))));
  }
  if (options.window) {
    controls.push(selectControl(ctx, {
      key: 'window', label: 'Re-entry within',
      options: [{ value: '180', label: '6 months' }, { value: '365', label: '12 months' }, { value: '730', label: '24 months' }],
      value: query.get('window') ?? String(options.resolved?.window ?? 365),
    }));
  }
  for (const choice of options.choices ?? []) controls.push(selectControl(ctx, choice));
  const filtered = [...query.keys()].some((k) => sharedFilters.includes(k));
  const reset = filtered ? h('a', { href: location.pathname, class: 'reset', 'data-nav': '' }, 'Reset filters') : null;
  const period = options.resolved ? h('p', { class: 'period-note' }, `Period: ${longDate(options.resolved.from)} to ${longDate(options.resolved.to)}${filters.asOf ? `; data as of ${longDate(filters.asOf)}` : ''}.`) : null;
  const nodes = [h('div', { class: 'filter-controls' }, controls, reset)];
  if (period) nodes.push(period);
  return nodes;
}

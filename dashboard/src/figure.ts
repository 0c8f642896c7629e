// A chart as a <figure>: title, the one-sentence takeaway, the chart, a "View table" toggle with the same numbers and a CSV link.
import { h } from './dom.ts';

export interface Column<Row> {
  label: string;
  value: (row: Row) => string | Node;
  /** Numbers align right; text left. */
  numeric?: boolean;
}

export interface TableSpec<Row> {
  columns: Column<Row>[];
  rows: Row[];
  /** Marks a row (a supervisor's own team, the reference group). */
  highlight?: (row: Row) => boolean;
  /** Said beside a highlighted row's name, so the highlight is not carried by colour alone. */
  highlightNote?: string;
}

export interface FigureSpec<Row> {
  /** Stable name for tests and print, e.g. "overview-reentry". */
  id: string;
  title: string;
  takeaway: string;
  /** What the chart shows, for screen readers (also the SVG's description). */
  description: string;
  /** Draws the chart at the given width; redrawn when the window is resized. */
  draw: (width: number) => Element;
  table: TableSpec<Row>;
  /** The same endpoint and parameters with format=csv. */
  csv?: string;
  /** A key printed under the chart, in words and symbols, so no meaning rests on colour. */
  legend?: Element;
  /** Open the table at first (used when the chart has nothing to draw). */
  tableOpen?: boolean;
}

interface Drawing {
  host: HTMLElement;
  draw: (width: number) => Element;
  /** What the chart shows, put before the SVG's own description (the takeaway) for screen readers. */
  description: string;
}

const drawn = new Set<Drawing>();

function chartWidth(host: HTMLElement): number {
  return Math.max(300, Math.min(960, Math.floor(host.clientWidth || document.getElementById('main')?.clientWidth || 640)));
}

function drawInto({ host, draw, description }: Drawing): void {
  const chart = draw(chartWidth(host));
  const desc = chart.querySelector('desc');
  if (desc && description && !desc.textContent?.startsWith(description)) desc.textContent = `${description} ${desc.textContent ?? ''}`.trim();
  host.replaceChildren(chart);
}

/** Builds the table behind a chart. */
export function dataTable<Row>(spec: TableSpec<Row>, caption: string): HTMLTableElement {
  return h('table', { class: 'data-table' },
    h('caption', { class: 'visually-hidden' }, caption),
    h('thead', {}, h('tr', {}, spec.columns.map((c) => h('th', { scope: 'col', class: c.numeric ? 'num' : null }, c.label)))),
    h('tbody', {}, spec.rows.map((row) => h('tr', { class: spec.highlight?.(row) ? 'highlight' : null },
      spec.columns.map((c, i) => (i === 0
        ? h('th', { scope: 'row' }, c.value(row), spec.highlightNote && spec.highlight?.(row) ? h('span', { class: 'row-note' }, ` (${spec.highlightNote})`) : null)
        : h('td', { class: c.numeric ? 'num' : null }, c.value(row))))))),
  );
}

/** Builds the figure; the chart is drawn once the figure is in the page (so it knows its width). */
export function chartFigure<Row>(spec: FigureSpec<Row>): HTMLElement {
  const host = h('div', { class: 'chart-host' });
  const tableId = `table-${spec.id}`;
  // A wide table scrolls sideways on its own: a labelled region in the tab order, so the keyboard can scroll it.
  const tableWrap = h('div', { class: 'table-wrap', id: tableId, hidden: !spec.tableOpen, tabindex: '0', role: 'region', 'aria-label': `${spec.title} (table)` }, dataTable(spec.table, spec.title));
  const toggle = h('button', { type: 'button', class: 'link-button', 'aria-expanded': spec.tableOpen ? 'true' : 'false', 'aria-controls': tableId }, spec.tableOpen ? 'Hide table' : 'View table');
  toggle.addEventListener('click', () => {
    const open = tableWrap.hidden;
    tableWrap.hidden = !open;
    toggle.setAttribute('aria-expanded', String(open));
    toggle.textContent = open ? 'Hide table' : 'View table';
  });
  // The caption (title and takeaway) is the figure's first child, as HTML wants.
  const figure = h('figure', { class: 'chart-figure', 'data-chart': spec.id },
    h('figcaption', {}, h('h3', { class: 'figure-title' }, spec.title), h('p', { class: 'takeaway' }, spec.takeaway)),
    host,
    spec.legend ?? null,
    h('div', { class: 'figure-actions' },
      toggle,
      spec.csv ? h('a', { href: spec.csv, class: 'csv-link', download: '', 'data-csv': spec.id }, 'Download CSV') : null),
    tableWrap,
  );
  pending.add({ host, draw: spec.draw, description: spec.description });
  return figure;
}

const pending = new Set<Drawing>();

/** Draws every figure that has reached the page since the last call (a chart needs its width). */
export function drawPending(): void {
  for (const entry of pending) {
    if (!entry.host.isConnected) continue;
    pending.delete(entry);
    drawInto(entry);
    drawn.add(entry);
  }
}

/** Forgets figures of a page that was left. */
export function forgetFigures(): void {
  pending.clear();
  drawn.clear();
}

function redrawAll(): void {
  for (const entry of drawn) {
    if (entry.host.isConnected) drawInto(entry);
    else drawn.delete(entry);
  }
}

let resizeTimer: number | undefined;
window.addEventListener('resize', () => {
  clearTimeout(resizeTimer);
  resizeTimer = window.setTimeout(redrawAll, 150);
});

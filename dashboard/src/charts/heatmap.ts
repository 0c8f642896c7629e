// Heat map: one cell per row x column (a facilitator x a client group), filled by its rate on a sequential scale;
// cells with too few cases are hatched grey with their count, never coloured as a rate (and never as zero).
import { axisX, axisY, cell, text } from '@observablehq/plot';
import { renderPlot } from '../plot.ts';
import { hatchBackground, hatchStroke, onDark, onLight, sequential } from '../palette.ts';
import { labelMargin, shareMax, shorten } from './scales.ts';

export interface HeatCell {
  row: string;
  column: string;
  /** null when suppressed or without cases */
  rate: number | null;
  /** The rate's 95% interval, written under it (a rate is never shown without its interval). */
  low: number | null;
  high: number | null;
  n: number | null;
  /** Fewer cases than the chart colours (or withheld): hatched, with its count as text. */
  small: boolean;
  suppressed: boolean;
  title: string;
}

export interface HeatmapOptions {
  width: number;
  label: string;
  description: string;
  rows: string[];
  columns: string[];
  xLabel: string;
}

/** Narrowest a column may be before the chart scrolls sideways inside its figure (phones). */
export const minColumnWidth = 58;
// Two lines per cell: the rate and its interval.
const rowHeight = 34;

let patterns = 0;

const wholePercent = (v: number | null) => (v == null ? '–' : String(Math.round(v * 100)));

/** The rate as the cell's text, in whole percent over its 95% interval. */
const cellText = (d: HeatCell) => (d.suppressed ? 'hidden' : d.small ? `n ${d.n}` : `${wholePercent(d.rate)}%\n${wholePercent(d.low)}–${wholePercent(d.high)}`);

/** The rate the darkest colour stands for: a little above the largest coloured rate (the legend says it). */
export function heatmapTop(cells: HeatCell[]): number {
  return shareMax(cells.filter((d) => !d.small && d.rate != null).map((d) => d.rate));
}

/** Returns the chart in a scrolling box (it keeps a legible width rather than squeezing its columns). */
export function heatmapChart(cells: HeatCell[], options: HeatmapOptions): HTMLElement {
  // Shortened names label the rows only while they stay distinct; otherwise the full names are kept.
  const shortened = options.rows.map((r) => shorten(r, 24));
  const short = new Set(shortened).size === options.rows.length;
  const rowLabels = short ? shortened : options.rows;
  const marginLeft = Math.min(200, labelMargin(rowLabels, Math.max(options.width, 400)));
  const width = Math.max(options.width, marginLeft + 12 + options.columns.length * minColumnWidth);
  const coloured = cells.filter((d) => !d.small && d.rate != null);
  const hatched = cells.filter((d) => d.small || d.rate == null);
  const top = heatmapTop(cells);
  const dark = (d: HeatCell) => d.rate! > top * 0.5;
  const hatchId = `hatch-${++patterns}`;
  const y = (d: HeatCell) => (short ? shorten(d.row, 24) : d.row);
  const svg = renderPlot(
    {
      width,
      height: 70 + options.rows.length * rowHeight,
      marginLeft,
      marginRight: 12,
      marginTop: 46,
      marginBottom: 8,
      padding: 0.06,
      x: { domain: options.columns, label: null },
      y: { domain: rowLabels, label: null },
      color: { type: 'linear', domain: [0, top], range: [...sequential], interpolate: 'lab' },
      marks: [
        axisX({ anchor: 'top', tickFormat: (c: string) => shorten(c, 12), tickRotate: options.columns.some((c) => c.length > 8) ? -24 : 0, label: options.xLabel, labelAnchor: 'left' }),
        axisY({ tickSize: 0 }),
        cell(coloured, { x: 'column', y, fill: 'rate', stroke: '#ffffff', title: 'title', className: 'cell' }),
        cell(hatched, { x: 'column', y, fill: `url(#${hatchId})`, stroke: hatchStroke, strokeWidth: 0.5, title: 'title', className: 'cell-small' }),
        text(coloured.filter((d) => !dark(d)), { x: 'column', y, text: cellText, fill: onLight, fontSize: 11, className: 'cell-text' }),
        text(coloured.filter(dark), { x: 'column', y, text: cellText, fill: onDark, fontSize: 11, className: 'cell-text' }),
        text(hatched, { x: 'column', y, text: cellText, fill: onLight, fontSize: 10, fontStyle: 'italic', className: 'cell-text' }),
      ],
    },
    options.label,
    options.description,
  );
  svg.prepend(hatchPattern(hatchId));
  svg.classList.add('heatmap');
  const box = document.createElement('div');
  box.className = 'heatmap-scroll';
  // A box that scrolls must be reachable by keyboard to be scrolled.
  box.setAttribute('tabindex', '0');
  box.setAttribute('role', 'group');
  box.setAttribute('aria-label', `${options.label} (scrolls sideways on narrow screens)`);
  box.append(svg);
  return box;
}

/** Diagonal grey hatching as an SVG pattern (attributes only: the CSP allows no inline style). */
function hatchPattern(id: string): SVGDefsElement {
  const ns = 'http://www.w3.org/2000/svg';
  const defs = document.createElementNS(ns, 'defs');
  const pattern = document.createElementNS(ns, 'pattern');
  for (const [k, v] of Object.entries({ id, width: '6', height: '6', patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' })) pattern.setAttribute(k, v);
  const background = document.createElementNS(ns, 'rect');
  for (const [k, v] of Object.entries({ width: '6', height: '6', fill: hatchBackground })) background.setAttribute(k, v);
  const line = document.createElementNS(ns, 'line');
  for (const [k, v] of Object.entries({ x1: '0', y1: '0', x2: '0', y2: '6', stroke: hatchStroke, 'stroke-width': '2' })) line.setAttribute(k, v);
  pattern.append(background, line);
  defs.append(pattern);
  return defs;
}

// Dot-and-interval chart: one row per group, its estimate as a dot and its 95% interval as a line.
import { dot, ruleX, ruleY, text } from '@observablehq/plot';
import { renderPlot } from '../plot.ts';
import { colour, neutral } from '../palette.ts';
import { SMALL_CELL_TEXT } from '../format.ts';
import { fitLabels, labelMargin, percentTick, shareMax } from './scales.ts';

export interface IntervalRow {
  label: string;
  value: number | null;
  low: number | null;
  high: number | null;
  suppressed: boolean;
  /** Fewer than 20 cases: drawn hollow. */
  unstable?: boolean;
  /** A supervisor's own facilitator, or the chosen group: drawn in the accent colour. */
  highlight?: boolean;
  /** Shown in the mark's tooltip. */
  title: string;
  /** Said in the chart where there is no value and it is not a small cell (e.g. "no ratio: no events"). */
  missing?: string;
  /** Said where suppressed: "fewer than 11" unless it may be withheld for another figure's sake ("withheld"). */
  withheldText?: string;
}

export interface IntervalOptions {
  width: number;
  label: string;
  description: string;
  xLabel: string;
  /** 'share' for rates on 0..1, 'ratio' for rate ratios on a log axis. */
  kind: 'share' | 'ratio';
  reference?: { value: number; label: string };
}

const ratioTicks = [0.1, 0.2, 0.25, 0.5, 0.75, 1, 1.5, 2, 3, 4, 5, 10, 20];
// On a phone the close pairs (0.2 and 0.25, 3, 4 and 5) would print over each other.
const narrowRatioTicks = [0.1, 0.25, 0.5, 1, 2, 5, 10, 20];

/** The rate-ratio axis's ticks within [low, high], fewer on a narrow chart. */
export function ratioAxisTicks(width: number, low: number, high: number): number[] {
  return (width < 600 ? narrowRatioTicks : ratioTicks).filter((t) => t >= low && t <= high);
}
const lowest = (values: (number | null)[]) => Math.min(0.9, ...values.filter((v): v is number => v != null && v > 0));
const highest = (values: (number | null)[]) => Math.max(1.1, ...values.filter((v): v is number => v != null));

export function intervalChart(rows: IntervalRow[], options: IntervalOptions) {
  const fitted = fitLabels(rows.map((r) => r.label), options.width);
  const axisLabel = (r: IntervalRow) => fitted.get(r.label)!;
  const labels = rows.map(axisLabel);
  const shown = (r: IntervalRow) => !r.suppressed && r.value != null && !(options.kind === 'ratio' && (r.low == null || r.value <= 0));
  const drawable = rows.filter(shown).map((r) => ({ ...r, label: axisLabel(r) }));
  const hidden = rows.filter((r) => !shown(r)).map((r) => ({ ...r, label: axisLabel(r) }));
  const values = drawable.flatMap((r) => [r.low, r.high, r.value]).concat(options.reference ? [options.reference.value] : []);
  const x =
    options.kind === 'share'
      ? { domain: [0, shareMax(values)], tickFormat: percentTick, label: options.xLabel, grid: true }
      : {
          type: 'log' as const,
          domain: [lowest(values) / 1.1, highest(values) * 1.1],
          label: options.xLabel,
          grid: true,
          ticks: ratioAxisTicks(options.width, lowest(values) / 1.1, highest(values) * 1.1),
          tickFormat: (d: number) => `${d}`,
        };
  return renderPlot(
    {
      width: options.width,
      height: Math.max(90, rows.length * (rows.length > 20 ? 17 : 30) + 50),
      marginLeft: labelMargin(labels, options.width),
      marginRight: 16,
      x,
      y: { domain: labels, label: null },
      marks: [
        options.reference ? ruleX([options.reference.value], { stroke: neutral, strokeDasharray: '4,3', className: 'reference' }) : null,
        ruleY(drawable, { y: 'label', x1: 'low', x2: 'high', stroke: (d: IntervalRow) => (d.highlight ? colour(1) : colour(0)), strokeWidth: 2, className: 'interval' }),
        dot(drawable, {
          x: 'value', y: 'label', r: rows.length > 20 ? 4 : 5, strokeWidth: 2,
          stroke: (d: IntervalRow) => (d.highlight ? colour(1) : colour(0)),
          fill: (d: IntervalRow) => (d.unstable ? 'white' : d.highlight ? colour(1) : colour(0)),
          symbol: (d: IntervalRow) => (d.highlight ? 'diamond' : 'circle'),
          title: 'title', className: 'estimate',
        }),
        text(hidden, { y: 'label', frameAnchor: 'left', dx: 6, textAnchor: 'start', text: (d: IntervalRow) => (d.suppressed ? d.withheldText ?? SMALL_CELL_TEXT : d.missing ?? 'no figure'), fill: neutral, fontStyle: 'italic', className: 'suppressed' }),
      ],
    },
    options.label,
    options.description,
  );
}

// Trend over periods: a line per series with a dot per period and the 95% interval as a vertical line.
import { dot, line, ruleX, text } from '@observablehq/plot';
import { renderPlot } from '../plot.ts';
import { colour, dash, neutral } from '../palette.ts';
import { percentTick, shareMax } from './scales.ts';
import { SMALL_BELOW } from '../format.ts';

export interface TrendPoint {
  period: string;
  series: string;
  value: number | null;
  low: number | null;
  high: number | null;
  suppressed: boolean;
  /** Fewer than 20 cases: drawn as a hollow mark. */
  unstable?: boolean;
  title: string;
  /** Written at a period with no value that is not withheld ("not reached"), so a gap never reads as no data. */
  note?: string;
}

export interface TrendOptions {
  width: number;
  height?: number;
  label: string;
  description: string;
  yLabel: string;
  kind: 'share' | 'count' | 'days';
  periods: string[];
  series: string[];
  /** Written at a suppressed period: "<11", or "withheld" where a figure may be withheld for another's sake. */
  withheldText?: string;
}

const symbols = ['circle', 'square', 'triangle', 'diamond'] as const;

export function trendChart(points: TrendPoint[], options: TrendOptions) {
  const shown = points.filter((p) => !p.suppressed && p.value != null);
  const hidden = points.filter((p) => p.suppressed);
  const noted = points.filter((p) => !p.suppressed && p.value == null && p.note);
  const values = shown.flatMap((p) => [p.value, p.high]);
  const numbers = values.filter((v): v is number => v != null);
  // A share axis stops at 100%, unless a figure goes past it (an annual turnover, or its interval, can).
  const top = options.kind === 'share' ? Math.max(shareMax(values), ...numbers.filter((v) => v > 1).map((v) => v * 1.08)) : Math.max(1, ...numbers) * 1.1;
  const offset = (s: string) => (options.series.length > 1 ? (options.series.indexOf(s) - (options.series.length - 1) / 2) * 6 : 0);
  return renderPlot(
    {
      width: options.width,
      height: options.height ?? 220,
      marginLeft: 48,
      marginBottom: 36,
      x: { type: 'point', domain: options.periods, label: null, padding: 0.3, tickRotate: options.width < 520 && options.periods.length > 6 ? -45 : 0 },
      y: { domain: [0, top], label: options.yLabel, grid: true, tickFormat: options.kind === 'share' ? percentTick : undefined, nice: options.kind !== 'share' },
      marks: options.series.flatMap((series, i) => {
        const mine = shown.filter((p) => p.series === series);
        const withInterval = mine.filter((p) => p.low != null && p.high != null);
        // The line breaks at a withheld or missing period instead of bridging it (Plot skips a null y).
        const everyPeriod = points.filter((p) => p.series === series).map((p) => (p.suppressed ? { ...p, value: null } : p));
        return [
          ruleX(withInterval, { x: 'period', y1: 'low', y2: 'high', dx: offset(series), stroke: colour(i), strokeWidth: 1.5, strokeOpacity: 0.7, className: 'interval', clip: true }),
          line(everyPeriod, { x: 'period', y: 'value', stroke: colour(i), strokeWidth: 2, strokeDasharray: dash(i), className: 'trend-line' }),
          // A small cell (fewer than 20 cases) is a hollow mark, as in the interval charts.
          dot(mine, {
            x: 'period', y: 'value', dx: offset(series), r: 4, symbol: symbols[i % symbols.length], title: 'title', className: 'estimate',
            fill: (p: TrendPoint) => (p.unstable ? 'white' : colour(i)), stroke: (p: TrendPoint) => (p.unstable ? colour(i) : 'white'), strokeWidth: 1.5,
          }),
        ];
      }).concat([
        text(hidden, { x: 'period', frameAnchor: 'bottom', dy: -6, text: () => options.withheldText ?? `<${SMALL_BELOW}`, fill: neutral, fontStyle: 'italic', className: 'suppressed' }),
        text(noted, { x: 'period', frameAnchor: 'bottom', dy: -6, text: 'note', fill: neutral, fontStyle: 'italic', className: 'noted' }),
      ]),
    },
    options.label,
    options.description,
  );
}

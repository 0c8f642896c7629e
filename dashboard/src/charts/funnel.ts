// Funnel plot: each facilitator's rate against their number of cases, inside the 95% and 99.8% limits around the agency rate.
import { dot, line, ruleY } from '@observablehq/plot';
import { renderPlot } from '../plot.ts';
import { colour, light, neutral } from '../palette.ts';
import { percentTick, shareMax } from './scales.ts';

export interface FunnelPoint {
  n: number;
  value: number;
  flag: 'alert' | 'watch' | 'exemplary' | null;
  highlight: boolean;
  limits: { lower95: number | null; upper95: number | null; lower998: number | null; upper998: number | null };
  /** Fewer than 20 cases: a hollow mark. */
  unstable?: boolean;
  title: string;
}

export interface FunnelOptions {
  width: number;
  label: string;
  description: string;
  yLabel: string;
  agency: number | null;
  /** True when some facilitators are named for this reader (a supervisor's team): the others are drawn grey. */
  highlighting: boolean;
}

/** Symbols carry the flag, so it survives greyscale and colour-blindness. */
export const flagSymbol = { alert: 'triangle', watch: 'diamond', exemplary: 'star', none: 'circle' } as const;

export function funnelChart(points: FunnelPoint[], options: FunnelOptions) {
  const byN = [...points].sort((a, b) => a.n - b.n);
  const limit = (key: keyof FunnelPoint['limits']) => byN.filter((p) => p.limits[key] != null).map((p) => ({ n: p.n, y: p.limits[key] }));
  const top = shareMax([...points.map((p) => p.value), ...byN.map((p) => p.limits.upper998)]);
  const colourOf = (p: FunnelPoint) => (options.highlighting && !p.highlight ? light : colour(p.flag === 'alert' ? 1 : p.flag === 'exemplary' ? 2 : 0));
  // A small caseload is a hollow mark in its colour (its outline carries the colour instead).
  const fill = (p: FunnelPoint) => (p.unstable ? 'white' : colourOf(p));
  const stroke = (p: FunnelPoint) => (p.unstable ? colourOf(p) : '#222');
  return renderPlot(
    {
      width: options.width,
      height: 340,
      marginLeft: 52,
      x: { label: 'Cases (n)', grid: true, domain: [0, Math.max(10, ...points.map((p) => p.n)) * 1.05] },
      y: { domain: [0, top], label: options.yLabel, grid: true, tickFormat: percentTick },
      marks: [
        options.agency != null ? ruleY([options.agency], { stroke: neutral, strokeWidth: 1.5, className: 'reference' }) : null,
        line(limit('lower95'), { x: 'n', y: 'y', stroke: neutral, strokeDasharray: '5,3', className: 'limit-95' }),
        line(limit('upper95'), { x: 'n', y: 'y', stroke: neutral, strokeDasharray: '5,3', className: 'limit-95' }),
        line(limit('lower998'), { x: 'n', y: 'y', stroke: neutral, strokeDasharray: '1,3', className: 'limit-998' }),
        line(limit('upper998'), { x: 'n', y: 'y', stroke: neutral, strokeDasharray: '1,3', className: 'limit-998' }),
        dot(points, {
          x: 'n', y: 'value', r: 5, stroke, strokeWidth: 1.5, fill,
          symbol: (p: FunnelPoint) => flagSymbol[p.flag ?? 'none'],
          title: 'title', className: 'estimate',
        }),
      ],
    },
    options.label,
    options.description,
  );
}

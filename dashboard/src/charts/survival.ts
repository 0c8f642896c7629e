// Kaplan-Meier curves as step lines, one per group, labelled in the right margin at the height each ends, so colour is never the only key.
import { areaY, line, ruleY, text } from '@observablehq/plot';
import { renderPlot } from '../plot.ts';
import { colour, dash, neutral, textColour } from '../palette.ts';
import { percentTick, shorten } from './scales.ts';

export interface SurvivalSeries {
  label: string;
  curve: { t: number; s: number; low?: number; high?: number }[];
}

export interface SurvivalOptions {
  width: number;
  label: string;
  description: string;
  xLabel: string;
  yLabel: string;
}

/**
 * Where each curve's end label goes: at the height of its curve's last step (in the right margin), moved apart vertically (at least `gap` of the
 * y scale, about one line of text) so labels of curves ending close together do not print over each other.
 */
export function labelPositions(ends: ({ t: number; s: number } | undefined)[], gap: number): (number | null)[] {
  const placed: (number | null)[] = ends.map((e) => (e ? e.s : null));
  const order = ends.map((e, i) => ({ e, i })).filter((x) => x.e).sort((a, b) => b.e!.s - a.e!.s);
  // From the top down, each label at least `gap` below the one above; then the whole stack lifted back inside [0, 1].
  for (let k = 1; k < order.length; k++) placed[order[k].i] = Math.min(placed[order[k].i]!, placed[order[k - 1].i]! - gap);
  const lowest = Math.min(...order.map((x) => placed[x.i]!));
  if (order.length && lowest < 0) for (const x of order) placed[x.i] = Math.min(1, placed[x.i]! - lowest);
  return placed;
}

export function survivalChart(series: SurvivalSeries[], options: SurvivalOptions) {
  const tMax = Math.max(30, ...series.flatMap((s) => s.curve.map((p) => p.t)));
  const ends = series.map((s) => s.curve[s.curve.length - 1]);
  // 300 px tall, about 230 px of plot: a 12 px line of text is 0.05 of the y scale.
  const labelY = labelPositions(ends, 0.05);
  const labelLength = options.width < 520 ? 11 : 18;
  return renderPlot(
    {
      width: options.width,
      height: 300,
      marginLeft: 48,
      marginRight: Math.min(130, options.width * 0.25),
      x: { domain: [0, tMax], label: options.xLabel, grid: true },
      y: { domain: [0, 1], label: options.yLabel, grid: true, tickFormat: percentTick },
      marks: [
        ruleY([0.5], { stroke: neutral, strokeDasharray: '4,3', className: 'reference' }),
        ...series.flatMap((s, i) => {
          const banded = s.curve.filter((p) => p.low != null && p.high != null);
          const end = s.curve[s.curve.length - 1];
          return [
            banded.length ? areaY(banded, { x: 't', y1: 'low', y2: 'high', curve: 'step-after', fill: colour(i), fillOpacity: series.length <= 3 ? 0.12 : 0.04, className: 'interval' }) : null,
            line(s.curve, { x: 't', y: 's', curve: 'step-after', stroke: colour(i), strokeWidth: 2, strokeDasharray: dash(i), className: 'survival-curve' }),
            // In the right margin at the height where the curve ends, never over another curve that runs on further.
            end ? text([{ t: tMax, s: labelY[i] }], { x: 't', y: 's', text: () => shorten(s.label, labelLength), dx: 6, textAnchor: 'start', fill: textColour(i), className: 'curve-label' }) : null,
          ];
        }),
      ],
    },
    options.label,
    options.description,
  );
}

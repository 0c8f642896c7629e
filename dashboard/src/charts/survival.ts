// Kaplan-Meier curves as step lines, one per group, labelled at their ends so colour is never the only key.
import { areaY, line, ruleY, text } from '@observablehq/plot';
import { renderPlot } from '../plot.ts';
import { colour, dash, neutral } from '../palette.ts';
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

export function survivalChart(series: SurvivalSeries[], options: SurvivalOptions) {
  const tMax = Math.max(30, ...series.flatMap((s) => s.curve.map((p) => p.t)));
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
            end ? text([end], { x: 't', y: 's', text: () => shorten(s.label, 18), dx: 4, textAnchor: 'start', fill: colour(i), className: 'curve-label' }) : null,
          ];
        }),
      ],
    },
    options.label,
    options.description,
  );
}

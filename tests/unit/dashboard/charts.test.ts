// Chart helpers that decide what a reader can tell apart: series styles, end labels and axis labels.
import { describe, expect, it } from 'vitest';
import { fitLabels, labelMargin } from '../../../dashboard/src/charts/scales.ts';
import { ratioAxisTicks } from '../../../dashboard/src/charts/intervals.ts';
import { labelPositions } from '../../../dashboard/src/charts/survival.ts';
import { colour, dash } from '../../../dashboard/src/palette.ts';

describe('series styles', () => {
  it('gives up to 16 series 16 different colour and dash pairs (race and ethnicity has 9 groups)', () => {
    const styles = Array.from({ length: 16 }, (_, i) => `${colour(i)} ${dash(i)}`);
    expect(new Set(styles).size).toBe(16);
    // The first eight are the palette with its own dashes, as before.
    expect([colour(0), dash(0), colour(8), dash(8)]).toEqual(['#0072B2', 'none', '#0072B2', '6,3']);
  });
});

describe('survival end labels', () => {
  it('keeps labels where the curves end when they are apart', () => {
    expect(labelPositions([{ t: 400, s: 0.8 }, { t: 380, s: 0.5 }, undefined], 0.05)).toEqual([0.8, 0.5, null]);
  });

  it('moves labels of curves ending close together apart, top down, by at least the gap', () => {
    // 0.42, 0.41 and 0.40: the highest stays, the others go to 0.37 and 0.32.
    const placed = labelPositions([{ t: 1, s: 0.4 }, { t: 1, s: 0.42 }, { t: 1, s: 0.41 }], 0.05);
    expect(placed.map((y) => Math.round(y! * 100) / 100)).toEqual([0.32, 0.42, 0.37]);
  });

  it('lifts the stack back inside the scale when it would go below 0', () => {
    // 0.02, 0.01, 0 → 0.02, -0.03, -0.08 → lifted by 0.08: 0.10, 0.05, 0.
    const placed = labelPositions([{ t: 1, s: 0.02 }, { t: 1, s: 0.01 }, { t: 1, s: 0 }], 0.05);
    expect(placed.map((y) => Math.round(y! * 100) / 100)).toEqual([0.1, 0.05, 0]);
  });
});

describe('axis labels', () => {
  it('shortens band-axis labels to what the margin holds on a phone, and keeps them whole on a wide screen', () => {
    const labels = ['American Indian or Alaska Native', 'Black', 'Native Hawaiian or Pacific Islander'];
    // 350 px: (140 - 12) / 6.5 = 19 characters; labelMargin gives the same 140 px.
    const phone = fitLabels(labels, 350);
    expect(phone.get('American Indian or Alaska Native')).toBe('American Indian or…');
    expect(phone.get('Black')).toBe('Black');
    expect(labelMargin([...phone.values()], 350)).toBeGreaterThanOrEqual(12 + 19 * 6.5);
    expect(fitLabels(labels, 1280).get('American Indian or Alaska Native')).toBe('American Indian or Alaska…');
    // Shortening that would make two labels alike keeps them whole.
    expect(fitLabels(['Intensive wraparound north', 'Intensive wraparound south'], 350).get('Intensive wraparound north')).toBe('Intensive wraparound north');
  });
});

describe('rate-ratio axis', () => {
  // Where each tick lands on a log axis of `plot` px from 0.15 to 6; its label ("0.25") is about 26 px wide at 11 px.
  const gaps = (ticks: number[], plot: number) => ticks.slice(1).map((t, i) => (plot * Math.log(t / ticks[i])) / Math.log(6 / 0.15));

  it('leaves room for each tick label on a phone (seen: "0.20.25" at 390 px) and keeps the finer ticks on a wide screen', () => {
    // 390 px less the label margin: about 230 px of axis.
    const phone = ratioAxisTicks(390, 0.15, 6);
    expect(phone).toEqual([0.25, 0.5, 1, 2, 5]);
    expect(Math.min(...gaps(phone, 230))).toBeGreaterThan(26);
    expect(ratioAxisTicks(960, 0.15, 6)).toEqual([0.2, 0.25, 0.5, 0.75, 1, 1.5, 2, 3, 4, 5]);
  });
});

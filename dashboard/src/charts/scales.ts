// Axis helpers shared by the charts.

/** Tick labels for shares: 0.25 → "25%". */
export const percentTick = (d: number): string => `${Math.round(d * 1000) / 10}%`;

/** Room for the longest label on a band axis, within what a phone can spare. */
export function labelMargin(labels: string[], width: number): number {
  const longest = Math.max(0, ...labels.map((l) => l.length));
  return Math.min(Math.round(width * 0.4), 12 + longest * 6.5);
}

/** Upper end of a share axis: a little above the largest value shown, never above 1. */
export function shareMax(values: (number | null | undefined)[]): number {
  const top = Math.max(0.05, ...values.filter((v): v is number => v != null));
  return Math.min(1, top * 1.08);
}

/**
 * Axis labels shortened to what a band axis' left margin holds (labelMargin: at most 40% of the width, 6.5 px a
 * character), but only while they stay distinct; otherwise the full labels are kept. The table has them whole.
 */
export function fitLabels(labels: string[], width: number): Map<string, string> {
  const fits = Math.max(8, Math.min(26, Math.floor((width * 0.4 - 12) / 6.5)));
  const short = labels.map((l) => shorten(l, fits));
  const distinct = new Set(short).size === new Set(labels).size;
  return new Map(labels.map((l, i) => [l, distinct ? short[i] : l]));
}

/** Shortens long labels for axes; the table keeps them whole. */
export function shorten(label: string, max = 26): string {
  return label.length > max ? `${label.slice(0, max - 1)}…` : label;
}

// Sample quantiles by R's default definition (quantile type 7, Hyndman & Fan 1996).

/**
 * Quantile p of the values: with x sorted ascending and h = (n - 1) p,
 * x[⌊h⌋] + (h - ⌊h⌋)(x[⌊h⌋ + 1] - x[⌊h⌋]) (0-based); null for no values.
 */
export function quantile(values: readonly number[], p: number): number | null {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`quantile needs 0 <= p <= 1, got ${p}`);
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const h = (sorted.length - 1) * p;
  // Same arithmetic as R's type 7 (no fuzz there, unlike types 1-6): lo = floor(h), weight h - lo.
  const lo = Math.floor(h);
  const hi = Math.min(sorted.length - 1, lo + 1);
  const frac = h - lo;
  return frac === 0 || sorted[hi] === sorted[lo] ? sorted[lo] : (1 - frac) * sorted[lo] + frac * sorted[hi];
}

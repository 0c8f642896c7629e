// Wilson score interval for a proportion (metrics.md 6).

export interface Interval {
  low: number;
  high: number;
}

/**
 * Wilson score interval for events out of n:
 * (p + z²/2n ± z √(p(1-p)/n + z²/4n²)) / (1 + z²/n); null when n = 0.
 */
export function wilson(events: number, n: number, z = 1.959964): Interval | null {
  if (!(Number.isFinite(events) && Number.isFinite(n)) || events < 0 || events > n) {
    throw new RangeError(`wilson needs 0 <= events <= n, got ${events} of ${n}`);
  }
  if (n === 0) return null;
  const p = events / n;
  const z2 = z * z;
  const centre = p + z2 / (2 * n);
  const spread = z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  const scale = 1 + z2 / n;
  // Clamp the rounding dust at p = 0 and p = 1, where a bound is exactly 0 or 1.
  return {
    low: events === 0 ? 0 : Math.max(0, (centre - spread) / scale),
    high: events === n ? 1 : Math.min(1, (centre + spread) / scale),
  };
}

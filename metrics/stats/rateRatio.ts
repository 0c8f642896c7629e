// Ratio of two proportions with the Katz log interval (metrics.md 7).

export interface RatioInterval {
  ratio: number;
  low: number;
  high: number;
}

/**
 * RR = (x1/n1) / (x2/n2), interval exp(ln RR ± z √(1/x1 - 1/n1 + 1/x2 - 1/n2));
 * null when x1, x2, n1 or n2 is 0 (the log interval is undefined there).
 */
export function rateRatio(x1: number, n1: number, x2: number, n2: number, z = 1.96): RatioInterval | null {
  for (const [x, n] of [[x1, n1], [x2, n2]]) {
    if (!(Number.isFinite(x) && Number.isFinite(n)) || x < 0 || x > n) {
      throw new RangeError(`rateRatio needs 0 <= events <= n, got ${x} of ${n}`);
    }
  }
  if (x1 === 0 || x2 === 0 || n1 === 0 || n2 === 0) return null;
  const ratio = x1 / n1 / (x2 / n2);
  const se = Math.sqrt(1 / x1 - 1 / n1 + 1 / x2 - 1 / n2);
  return {
    ratio,
    low: Math.exp(Math.log(ratio) - z * se),
    high: Math.exp(Math.log(ratio) + z * se),
  };
}

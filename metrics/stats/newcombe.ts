// Newcombe (1998) method 10: interval for a difference of two proportions from their Wilson intervals.
import { wilson } from './wilson.ts';

export interface DifferenceInterval {
  diff: number;
  low: number;
  high: number;
}

/**
 * diff = p1 - p2 with the hybrid score interval:
 * low = diff - √((p1 - l1)² + (u2 - p2)²), high = diff + √((u1 - p1)² + (p2 - l2)²),
 * (l_i, u_i) the Wilson interval of group i; null when either denominator is 0.
 */
export function newcombeDifference(x1: number, n1: number, x2: number, n2: number, z = 1.959964): DifferenceInterval | null {
  const w1 = wilson(x1, n1, z);
  const w2 = wilson(x2, n2, z);
  if (!w1 || !w2) return null;
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const diff = p1 - p2;
  return {
    diff,
    low: diff - Math.sqrt((p1 - w1.low) ** 2 + (w2.high - p2) ** 2),
    high: diff + Math.sqrt((w1.high - p1) ** 2 + (p2 - w2.low) ** 2),
  };
}

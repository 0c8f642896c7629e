// Funnel-plot control limits with Spiegelhalter's (2005) arcsine overdispersion adjustment, as FunnelPlotR.
import { quantile } from './percentile.ts';

export interface FunnelLimits {
  lower95: number;
  upper95: number;
  lower998: number;
  upper998: number;
}

export interface FunnelModel {
  /** Pooled rate Σx / Σn: the agency line. */
  p: number;
  /** Target on the arcsine scale, T = asin(√p). */
  target: number;
  /** Mean of the squared winsorised z-scores. */
  phi: number;
  /** Additive between-unit variance on the arcsine scale (0 when phi shows no overdispersion). */
  tau2: number;
  /** Units (n > 0) the model was fitted on. */
  units: number;
  /** Limits for a unit with n cases; null for n = 0 (a unit without cases has no place on the funnel). */
  limits(n: number): FunnelLimits | null;
}

const Z95 = 1.959964;
const Z998 = 3.090232;

/**
 * Fits p, T, phi and tau² over units with n > 0 (metrics.md 8). z-scores are winsorised at their
 * 10th and 90th percentiles by R's quantile type 7. Null when no unit has cases.
 */
export function funnelModel(units: readonly { n: number; events: number }[]): FunnelModel | null {
  for (const u of units) {
    if (!(u.n >= 0 && u.events >= 0 && u.events <= u.n)) throw new RangeError(`funnel units need 0 <= events <= n, got ${u.events} of ${u.n}`);
  }
  const counted = units.filter((u) => u.n > 0);
  if (counted.length === 0) return null;
  const totalN = counted.reduce((s, u) => s + u.n, 0);
  const p = counted.reduce((s, u) => s + u.events, 0) / totalN;
  const target = Math.asin(Math.sqrt(p));
  const z = counted.map((u) => (Math.asin(Math.sqrt(u.events / u.n)) - target) * 2 * Math.sqrt(u.n));
  const low = quantile(z, 0.1)!;
  const high = quantile(z, 0.9)!;
  const winsorised = z.map((v) => Math.min(high, Math.max(low, v)));
  const count = counted.length;
  const phi = winsorised.reduce((s, v) => s + v * v, 0) / count;
  // w_j = 1 / s_j² = 4 n_j on the arcsine scale.
  const w = counted.map((u) => 4 * u.n);
  const sumW = w.reduce((s, v) => s + v, 0);
  const sumW2 = w.reduce((s, v) => s + v * v, 0);
  const spreadW = sumW - sumW2 / sumW;
  // A single unit (spreadW = 0) cannot show overdispersion.
  const tau2 = count * phi > count - 1 && spreadW > 0 ? (count * phi - (count - 1)) / spreadW : 0;
  return {
    p,
    target,
    phi,
    tau2,
    units: count,
    limits: (n: number) => funnelLimits(target, tau2, n),
  };
}

/** sin(T ± z √(1/(4n) + τ²))², the angle clipped to [0, π/2] so the limits stay in [0, 1] and never fold back. */
export function funnelLimits(target: number, tau2: number, n: number): FunnelLimits | null {
  if (!(n >= 0)) throw new RangeError(`funnel limits need n >= 0, got ${n}`);
  if (n === 0) return null;
  const sd = Math.sqrt(1 / (4 * n) + tau2);
  const at = (angle: number) => Math.sin(Math.min(Math.PI / 2, Math.max(0, angle))) ** 2;
  return {
    lower95: at(target - Z95 * sd),
    upper95: at(target + Z95 * sd),
    lower998: at(target - Z998 * sd),
    upper998: at(target + Z998 * sd),
  };
}

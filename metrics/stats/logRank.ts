// Log-rank (Mantel-Haenszel) test that k groups share one survival curve, as R's survdiff with rho = 0.
import { chiSquareSurvival } from './distributions.ts';
import type { LifeTable } from './kaplanMeier.ts';

export interface LogRankTest {
  chi2: number;
  df: number;
  p: number;
  /** Per group, in input order: observed and expected events. */
  observed: number[];
  expected: number[];
}

/** Pivot below this (relative to the diagonal) counts as zero: that direction carries no information. */
const SINGULAR = 1e-10;

/** Per-group events and at-risk counts at each distinct duration, pooled over groups. */
function poolByDay(tables: readonly LifeTable[]): { t: number; events: number[]; leaving: number[] }[] {
  const days = new Map<number, { t: number; events: number[]; leaving: number[] }>();
  tables.forEach((table, g) => {
    for (const { t, events, censored } of table) {
      if (!Number.isInteger(t) || t < 0 || !Number.isInteger(events) || events < 0 || !Number.isInteger(censored) || censored < 0) {
        throw new RangeError(`life table rows need whole t >= 0 and whole counts >= 0, got t ${t}, events ${events}, censored ${censored}`);
      }
      let day = days.get(t);
      if (!day) days.set(t, (day = { t, events: tables.map(() => 0), leaving: tables.map(() => 0) }));
      day.events[g] += events;
      day.leaving[g] += events + censored;
    }
  });
  return [...days.values()].sort((a, b) => a.t - b.t);
}

/** Quadratic form u' V⁻ u by symmetric elimination, skipping null directions (a generalised inverse); returns it and the rank. */
function quadraticForm(u: number[], v: number[][]): { value: number; rank: number } {
  const k = u.length;
  const a = v.map((row) => [...row]);
  const b = [...u];
  let value = 0;
  let rank = 0;
  const scale = Math.max(...a.map((row, i) => Math.abs(row[i])), 0);
  for (let i = 0; i < k; i++) {
    if (!(a[i][i] > SINGULAR * scale)) continue;
    rank++;
    value += (b[i] * b[i]) / a[i][i];
    for (let j = i + 1; j < k; j++) {
      const f = a[j][i] / a[i][i];
      b[j] -= f * b[i];
      for (let m = i; m < k; m++) a[j][m] -= f * a[i][m];
    }
  }
  return { value, rank };
}

/**
 * Chi-square = (O - E)' V⁻¹ (O - E) over the groups with expected > 0, dropping the last of them
 * (R's survdiff); df = number of such groups - 1. Null when fewer than two groups can be compared.
 */
export function logRank(tables: readonly LifeTable[]): LogRankTest | null {
  const k = tables.length;
  const days = poolByDay(tables);
  const atRisk = tables.map((_, g) => days.reduce((sum, d) => sum + d.leaving[g], 0));
  const observed = new Array<number>(k).fill(0);
  const expected = new Array<number>(k).fill(0);
  const variance = tables.map(() => new Array<number>(k).fill(0));
  for (const day of days) {
    const r = atRisk.reduce((x, y) => x + y, 0);
    const d = day.events.reduce((x, y) => x + y, 0);
    if (d > 0) {
      // Hypergeometric moments of the d exits among the r at risk, split by group.
      const spread = r > 1 ? (d * (r - d)) / (r - 1) : 0;
      for (let i = 0; i < k; i++) {
        observed[i] += day.events[i];
        expected[i] += (d * atRisk[i]) / r;
        for (let j = 0; j < k; j++) {
          variance[i][j] += spread * (atRisk[i] / r) * ((i === j ? 1 : 0) - atRisk[j] / r);
        }
      }
    }
    for (let g = 0; g < k; g++) atRisk[g] -= day.leaving[g];
  }
  const kept = expected.map((e, i) => (e > 0 ? i : -1)).filter((i) => i >= 0);
  if (kept.length < 2) return null;
  const tested = kept.slice(0, -1);
  const { value, rank } = quadraticForm(
    tested.map((i) => observed[i] - expected[i]),
    tested.map((i) => tested.map((j) => variance[i][j])),
  );
  if (rank === 0) return null;
  // R reports df = groups - 1 even when V is singular; we report the rank actually tested.
  return { chi2: value, df: rank, p: chiSquareSurvival(value, rank), observed, expected };
}

// Empirical-Bayes shrinkage: a beta-binomial prior fitted by maximum likelihood, and each unit's posterior.
import { betaQuantile, logGamma } from './distributions.ts';

export interface BetaPrior {
  a: number;
  b: number;
}

export interface ShrunkenRate {
  /** Posterior mean (x + a) / (n + a + b). */
  mean: number;
  /** 2.5% and 97.5% quantiles of Beta(x + a, n - x + b). */
  low: number;
  high: number;
  /** n / (n + a + b): the weight the unit's own rate gets. */
  reliability: number;
}

/** a + b when the data show no overdispersion: every unit is then shrunk to the pooled rate. */
export const NO_OVERDISPERSION_STRENGTH = 1e7;
/** Lower bound on a + b, far below anything real data support, so the search stays finite. */
const MIN_STRENGTH = 1e-4;

/** Stirling-series remainder of ln Γ(x) for x >= 15 (terms to x⁻⁹; error below 1e-16 there). */
function stirlingRemainder(x: number): number {
  const x2 = x * x;
  return (1 / x) * (1 / 12 - (1 / x2) * (1 / 360 - (1 / x2) * (1 / 1260 - (1 / x2) * (1 / 1680 - 1 / (1188 * x2)))));
}

/** ln Γ(a + k) - ln Γ(a) for whole k >= 0, without the cancellation of two large ln Γ values. */
export function logRisingFactorial(a: number, k: number): number {
  if (k === 0) return 0;
  if (k <= 32) {
    let sum = 0;
    for (let i = 0; i < k; i++) sum += Math.log(a + i);
    return sum;
  }
  if (a < 15) return logGamma(a + k) - logGamma(a);
  // Stirling: (a - 1/2) ln(1 + k/a) + k ln(a + k) - k + remainders; log1p keeps small k/a exact.
  return (a - 0.5) * Math.log1p(k / a) + k * Math.log(a + k) - k + stirlingRemainder(a + k) - stirlingRemainder(a);
}

interface Cell {
  n: number;
  events: number;
  count: number;
}

/** Units grouped by (n, events): facilitators with the same counts share one likelihood term. */
function cells(units: readonly { n: number; events: number }[]): Cell[] {
  const byKey = new Map<string, Cell>();
  for (const u of units) {
    if (u.n === 0) continue;
    const key = `${u.n}/${u.events}`;
    const cell = byKey.get(key);
    if (cell) cell.count++;
    else byKey.set(key, { n: u.n, events: u.events, count: 1 });
  }
  return [...byKey.values()];
}

/** Beta-binomial log-likelihood (without the binomial coefficients, which do not depend on a, b). */
export function betaBinomialLogLikelihood(units: readonly { n: number; events: number }[], prior: BetaPrior): number {
  return logLikelihoodOf(cells(units))(prior.a, prior.b);
}

/** Up to this k, ln Γ(x + k) - ln Γ(x) is the plain sum of logs in logRisingFactorial. */
const SUMMED_TERMS = 32;

/**
 * The log-likelihood over fixed cells as a function of (a, b), for the optimiser's thousands of calls: each
 * distinct count's rising factorial once per call, and the small ones as running sums (the same additions, in
 * the same order, as logRisingFactorial's loop, so every term and the total are exactly as before).
 */
function logLikelihoodOf(data: Cell[]): (a: number, b: number) => number {
  const large = (count: (c: Cell) => number) => [...new Set(data.map(count))].filter((k) => k > SUMMED_TERMS);
  const largeEvents = large((c) => c.events);
  const largeNonEvents = large((c) => c.n - c.events);
  const largeN = large((c) => c.n);
  const size = data.reduce((most, c) => Math.max(most, c.n), SUMMED_TERMS) + 1;
  const [ofA, ofB, ofAB] = [new Float64Array(size), new Float64Array(size), new Float64Array(size)];
  const fill = (table: Float64Array, x: number, ks: number[]) => {
    for (let i = 0; i < SUMMED_TERMS; i++) table[i + 1] = table[i] + Math.log(x + i);
    for (const k of ks) table[k] = logRisingFactorial(x, k);
  };
  return (a, b) => {
    fill(ofA, a, largeEvents);
    fill(ofB, b, largeNonEvents);
    fill(ofAB, a + b, largeN);
    let sum = 0;
    for (const c of data) sum += c.count * (ofA[c.events] + ofB[c.n - c.events] - ofAB[c.n]);
    return sum;
  };
}

/** Nelder-Mead minimiser (standard coefficients 1, 2, 0.5, 0.5) for a few parameters. */
function nelderMead(f: (x: number[]) => number, start: number[], step: number, iterations = 4000): number[] {
  const dim = start.length;
  let simplex = [start, ...start.map((_, i) => start.map((v, j) => (i === j ? v + step : v)))].map((x) => ({ x, fx: f(x) }));
  for (let it = 0; it < iterations; it++) {
    simplex.sort((p, q) => p.fx - q.fx);
    const best = simplex[0];
    const worst = simplex[dim];
    const size = Math.max(...simplex.slice(1).map((p) => Math.max(...p.x.map((v, i) => Math.abs(v - best.x[i])))));
    if (size < 1e-10 && Math.abs(worst.fx - best.fx) < 1e-12 * (1 + Math.abs(best.fx))) break;
    const centroid = start.map((_, i) => simplex.slice(0, dim).reduce((s, p) => s + p.x[i], 0) / dim);
    const toward = (t: number) => centroid.map((c, i) => c + t * (worst.x[i] - c));
    const reflected = toward(-1);
    const fr = f(reflected);
    if (fr < best.fx) {
      const expanded = toward(-2);
      const fe = f(expanded);
      simplex[dim] = fe < fr ? { x: expanded, fx: fe } : { x: reflected, fx: fr };
    } else if (fr < simplex[dim - 1].fx) {
      simplex[dim] = { x: reflected, fx: fr };
    } else {
      const contracted = fr < worst.fx ? toward(-0.5) : toward(0.5);
      const fc = f(contracted);
      if (fc < Math.min(fr, worst.fx)) {
        simplex[dim] = { x: contracted, fx: fc };
      } else {
        simplex = simplex.map((p, i) => {
          if (i === 0) return p;
          const x = p.x.map((v, j) => best.x[j] + 0.5 * (v - best.x[j]));
          return { x, fx: f(x) };
        });
      }
    }
  }
  simplex.sort((p, q) => p.fx - q.fx);
  return simplex[0].x;
}

/**
 * Maximum-likelihood Beta(a, b) prior over units (n > 0). Searches (logit mean, log(a + b)) by
 * Newton's method, else Nelder-Mead, from a method-of-moments start. When Tarone's score statistic shows no
 * extra-binomial variation (Σ (x - n p)² / (p(1-p)) <= Σ n) the likelihood falls away from a + b = ∞ (the
 * pooled mean, returned as a + b = 1e7), but it can still rise again to a higher interior maximum (units of
 * very different sizes: large ones alike, small ones far apart): a search from a + b = 2 settles which wins.
 * Null when no unit has cases or every unit's rate is 0 (or every 1): the maximum is then at a = 0 (or
 * b = 0), an improper prior.
 */
export function fitBetaBinomial(units: readonly { n: number; events: number }[]): BetaPrior | null {
  for (const u of units) {
    if (!(Number.isInteger(u.n) && Number.isInteger(u.events) && u.events >= 0 && u.events <= u.n)) {
      throw new RangeError(`beta-binomial units need whole counts 0 <= events <= n, got ${u.events} of ${u.n}`);
    }
  }
  const data = cells(units);
  const totalN = data.reduce((s, c) => s + c.count * c.n, 0);
  const totalX = data.reduce((s, c) => s + c.count * c.events, 0);
  if (totalN === 0 || totalX === 0 || totalX === totalN) return null;
  const p = totalX / totalN;
  const pq = p * (1 - p);
  const tarone = data.reduce((s, c) => s + (c.count * (c.events - c.n * p) ** 2) / pq, 0) - totalN;
  if (tarone <= 0) {
    const pooled = { a: p * NO_OVERDISPERSION_STRENGTH, b: (1 - p) * NO_OVERDISPERSION_STRENGTH };
    const logLikelihood = logLikelihoodOf(data);
    const interior = searchMaximum(data, logLikelihood, p, 2);
    return interior.a + interior.b < NO_OVERDISPERSION_STRENGTH && logLikelihood(interior.a, interior.b) > logLikelihood(pooled.a, pooled.b) ? interior : pooled;
  }

  // Method of moments for the intra-unit correlation ρ = 1 / (a + b + 1), as a starting point.
  const units_ = data.reduce((s, c) => s + c.count, 0);
  const meanInvN = data.reduce((s, c) => s + c.count / c.n, 0) / units_;
  const rateVariance = data.reduce((s, c) => s + c.count * (c.events / c.n - p) ** 2, 0) / Math.max(1, units_ - 1);
  const rho = (rateVariance - pq * meanInvN) / (pq * (1 - meanInvN));
  const startStrength = rho > 0 && rho < 1 ? Math.min(1e6, Math.max(0.1, 1 / rho - 1)) : 100;
  return searchMaximum(data, logLikelihoodOf(data), p, startStrength);
}

/** The likelihood's maximum from a start of mean p and strength a + b: Newton's method, else Nelder-Mead. */
function searchMaximum(data: Cell[], logLikelihood: (a: number, b: number) => number, p: number, startStrength: number): BetaPrior {
  const logMin = Math.log(MIN_STRENGTH);
  const logMax = Math.log(NO_OVERDISPERSION_STRENGTH);
  const unpack = ([logitMean, logStrength]: number[]) => {
    const mean = 1 / (1 + Math.exp(-Math.max(-40, Math.min(40, logitMean))));
    const strength = Math.exp(Math.max(logMin, Math.min(logMax, logStrength)));
    return { a: mean * strength, b: (1 - mean) * strength };
  };
  const negLogLikelihood = (x: number[]) => {
    const { a, b } = unpack(x);
    return -logLikelihood(a, b);
  };
  // Newton's method on the exact derivatives first (a few dozen table sums); the simplex where it does not settle.
  const newton = newtonMaximum(data, logLikelihood, p * startStrength, (1 - p) * startStrength);
  if (newton && newton.a + newton.b < NO_OVERDISPERSION_STRENGTH) return newton;
  let best = [Math.log(p / (1 - p)), Math.log(startStrength)];
  // A restart from the first optimum guards against a simplex that collapsed early.
  for (let round = 0; round < 3; round++) best = nelderMead(negLogLikelihood, best, 0.5 / (round + 1));
  return unpack(best);
}

/** Newton's method alone from a start (null where it hands over): for tests that it, not the simplex, finds the maximum. */
export function newtonPrior(units: readonly { n: number; events: number }[], start: BetaPrior): BetaPrior | null {
  const data = cells(units);
  return newtonMaximum(data, logLikelihoodOf(data), start.a, start.b);
}

/**
 * The likelihood's maximum by Newton's method in (ln a, ln b), with step halving so the likelihood never falls.
 * Its derivatives are sums over the cells of Σ_{i<k} 1/(x + i) and Σ_{i<k} 1/(x + i)² (the digamma and trigamma
 * differences of the rising factorials), read from running sums. Null when it does not converge in 100 steps.
 */
function newtonMaximum(data: Cell[], logLikelihood: (a: number, b: number) => number, a0: number, b0: number): BetaPrior | null {
  const size = data.reduce((most, c) => Math.max(most, c.n), 0) + 1;
  // Running sums of 1/(x + i) and 1/(x + i)² for i < k, k = 0 .. largest n; `at` reads them for (x, k).
  const sums = (x: number) => {
    const first = new Float64Array(size);
    const second = new Float64Array(size);
    for (let k = 1; k < size; k++) {
      const t = 1 / (x + k - 1);
      first[k] = first[k - 1] + t;
      second[k] = second[k - 1] + t * t;
    }
    return [first, second];
  };
  let [u, v] = [Math.log(a0), Math.log(b0)];
  let current = logLikelihood(a0, b0);
  let closing = 0;
  for (let step = 0; step < 100; step++) {
    const [a, b] = [Math.exp(u), Math.exp(v)];
    const [fa, sa] = sums(a);
    const [fb, sb] = sums(b);
    const [fab, sab] = sums(a + b);
    let [ga, gb, haa, hbb, hab] = [0, 0, 0, 0, 0];
    for (const c of data) {
      const y = c.n - c.events;
      ga += c.count * (fa[c.events] - fab[c.n]);
      gb += c.count * (fb[y] - fab[c.n]);
      haa += c.count * (sab[c.n] - sa[c.events]);
      hbb += c.count * (sab[c.n] - sb[y]);
      hab += c.count * sab[c.n];
    }
    // In (ln a, ln b): the chain rule's extra first-derivative terms on the diagonal.
    const [gu, gv] = [a * ga, b * gb];
    const [huu, hvv, huv] = [a * a * haa + gu, b * b * hbb + gv, a * b * hab];
    const det = huu * hvv - huv * huv;
    // Only a maximum's neighbourhood (negative definite) gives a Newton step uphill; elsewhere hand over.
    if (!(huu < 0 && det > 0)) return null;
    let [du, dv] = [-(hvv * gu - huv * gv) / det, -(huu * gv - huv * gu) / det];
    // Quadratic convergence: a full step this small leaves the optimum exact to double precision after it.
    const settled = Math.abs(du) < 1e-9 && Math.abs(dv) < 1e-9;
    // Within the quadratic model's reach (it promises a gain far below the likelihood's rounding, so comparing
    // likelihoods can no longer tell the steps apart): full steps on the derivatives alone, a few at most.
    if (gu * du + gv * dv < 1e-8) {
      u += du;
      v += dv;
      if (settled || ++closing >= 5) return { a: Math.exp(u), b: Math.exp(v) };
      continue;
    }
    let next = logLikelihood(Math.exp(u + du), Math.exp(v + dv));
    for (let halving = 0; !(next >= current) && halving < 60; halving++) {
      du /= 2;
      dv /= 2;
      next = logLikelihood(Math.exp(u + du), Math.exp(v + dv));
    }
    if (!(next >= current) && !settled) return null;
    u += du;
    v += dv;
    current = Math.max(current, next);
    if (settled) return { a: Math.exp(u), b: Math.exp(v) };
  }
  return null;
}

/** The unit's posterior Beta(x + a, n - x + b): mean, 95% interval and reliability. */
export function shrink(events: number, n: number, prior: BetaPrior): ShrunkenRate {
  if (!(events >= 0 && events <= n)) throw new RangeError(`shrink needs 0 <= events <= n, got ${events} of ${n}`);
  const a = events + prior.a;
  const b = n - events + prior.b;
  return {
    mean: a / (a + b),
    low: betaQuantile(0.025, a, b),
    high: betaQuantile(0.975, a, b),
    reliability: n / (n + prior.a + prior.b),
  };
}

/** Between-unit standard deviation of the prior: √(ab / ((a+b)² (a+b+1))). */
export function priorSd(prior: BetaPrior): number {
  const { a, b } = prior;
  return Math.sqrt((a * b) / ((a + b) ** 2 * (a + b + 1)));
}

// Distribution functions needed by the intervals and tests: normal, chi-square, beta.
// Pure double-precision numerics (no I/O); accuracy about 1e-12 or better in the ranges we use.

const LANCZOS_G = 7;
// Lanczos coefficients for g = 7, n = 9 (Godfrey; relative error below 2e-15 for x > 0).
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
  -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
  1.5056327351493116e-7,
];
const LN_SQRT_2PI = 0.9189385332046728;
const EPS = 1e-16;
const TINY = 1e-300;

/** ln Γ(x) for x > 0 (Lanczos approximation; reflection below 0.5). */
export function logGamma(x: number): number {
  if (!(x > 0)) throw new RangeError(`logGamma needs x > 0, got ${x}`);
  // Reflection keeps the series in its accurate range: Γ(x)Γ(1-x) = π / sin(πx).
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const y = x - 1;
  let sum = LANCZOS[0];
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i] / (y + i);
  const t = y + LANCZOS_G + 0.5;
  return LN_SQRT_2PI + (y + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** ln B(a, b). */
export function logBeta(a: number, b: number): number {
  return logGamma(a) + logGamma(b) - logGamma(a + b);
}

/** Regularized lower incomplete gamma P(a, x), by its power series (good for x < a + 1). */
function gammaSeries(a: number, x: number): number {
  let term = 1 / a;
  let sum = term;
  for (let k = 1; k < 100_000; k++) {
    term *= x / (a + k);
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * EPS) break;
  }
  return sum * Math.exp(-x + a * Math.log(x) - logGamma(a));
}

/** Regularized upper incomplete gamma Q(a, x), by Lentz's continued fraction (good for x >= a + 1). */
function gammaContinuedFraction(a: number, x: number): number {
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 100_000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  return Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
}

/** Regularized upper incomplete gamma Q(a, x) = Γ(a, x) / Γ(a). */
export function upperIncompleteGamma(a: number, x: number): number {
  if (!(a > 0)) throw new RangeError(`upperIncompleteGamma needs a > 0, got ${a}`);
  if (x <= 0) return 1;
  return x < a + 1 ? 1 - gammaSeries(a, x) : gammaContinuedFraction(a, x);
}

/** Standard normal cumulative distribution Φ(x). */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x === 0) return 0.5;
  // Φ(x) = Q(1/2, x²/2) / 2 for x < 0; computing the smaller tail directly keeps relative accuracy.
  const tail = 0.5 * upperIncompleteGamma(0.5, (x * x) / 2);
  return x < 0 ? tail : 1 - tail;
}

/** Standard normal density. */
function normalPdf(x: number): number {
  return Math.exp(-0.5 * x * x - LN_SQRT_2PI);
}

/** Lower-tail probability Φ(x) or upper tail 1 - Φ(x), whichever is smaller, for Halley steps. */
function normalTail(x: number): number {
  return 0.5 * upperIncompleteGamma(0.5, (x * x) / 2);
}

/** Standard normal quantile Φ⁻¹(p), 0 < p < 1 (±Infinity at 0 and 1). */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`normalQuantile needs 0 <= p <= 1, got ${p}`);
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p === 0.5) return 0;
  // Work in the smaller tail q so the answer keeps full relative accuracy: x = -Φ⁻¹(q) >= 0.
  const q = p < 0.5 ? p : 1 - p;
  // Abramowitz & Stegun 26.2.23 start (error < 4.5e-4), then Halley's method on the tail.
  const t = Math.sqrt(-2 * Math.log(q));
  let x = t - (2.515517 + 0.802853 * t + 0.010328 * t * t) / (1 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t * t * t);
  for (let i = 0; i < 8; i++) {
    // f(x) = upper tail at x minus q; f' = -φ(x); Halley: x -= f/f' / (1 + x f / (2 f')).
    const f = normalTail(x) - q;
    const u = f / -normalPdf(x);
    const step = u / (1 + (x * u) / 2);
    x -= step;
    if (Math.abs(step) <= 1e-15 * Math.max(1, Math.abs(x))) break;
  }
  return p < 0.5 ? -x : x;
}

/** Upper tail P(X > x) of the chi-square distribution with df degrees of freedom. */
export function chiSquareSurvival(x: number, df: number): number {
  if (!(df > 0)) throw new RangeError(`chiSquareSurvival needs df > 0, got ${df}`);
  if (x <= 0) return 1;
  return upperIncompleteGamma(df / 2, x / 2);
}

/** Continued fraction for the incomplete beta (Numerical Recipes betacf, modified Lentz). */
function betaContinuedFraction(x: number, a: number, b: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m < 1_000_000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  return h;
}

/** Regularized incomplete beta I_x(a, b), the Beta(a, b) cumulative distribution at x. */
export function regularizedIncompleteBeta(x: number, a: number, b: number): number {
  if (!(a > 0 && b > 0)) throw new RangeError(`regularizedIncompleteBeta needs a, b > 0, got ${a}, ${b}`);
  return incompleteBeta(x, a, b, logBeta(a, b));
}

/** I_x(a, b) given ln B(a, b) (a quantile search evaluates it at many x for one a, b). */
function incompleteBeta(x: number, a: number, b: number, lnBeta: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const logFront = a * Math.log(x) + b * Math.log1p(-x) - lnBeta;
  // The continued fraction converges fast only below the mean; use I_x(a,b) = 1 - I_{1-x}(b,a) above it.
  if (x < (a + 1) / (a + b + 2)) return (Math.exp(logFront) * betaContinuedFraction(x, a, b)) / a;
  return 1 - (Math.exp(logFront) * betaContinuedFraction(1 - x, b, a)) / b;
}

/** Beta(a, b) log density at x (0 < x < 1), given ln B(a, b). */
function betaLogPdf(x: number, a: number, b: number, lnBeta: number): number {
  return (a - 1) * Math.log(x) + (b - 1) * Math.log1p(-x) - lnBeta;
}

/** Beta(a, b)'s mean plus the normal quantile times its standard deviation. */
function normalStart(p: number, a: number, b: number): number {
  const sd = Math.sqrt((a * b) / ((a + b) ** 2 * (a + b + 1)));
  return a / (a + b) + normalQuantile(p) * sd;
}

/** Numerical Recipes' starting value for the Beta(a, b) quantile, a, b >= 1 (within about 1e-3 of it). */
function invbetaiStart(p: number, a: number, b: number): number {
  const pp = p < 0.5 ? p : 1 - p;
  const t = Math.sqrt(-2 * Math.log(pp));
  let z = (2.30753 + t * 0.27061) / (1 + t * (0.99229 + t * 0.04481)) - t;
  if (p < 0.5) z = -z;
  const al = (z * z - 3) / 6;
  const h = 2 / (1 / (2 * a - 1) + 1 / (2 * b - 1));
  const w = (z * Math.sqrt(al + h)) / h - (1 / (2 * b - 1) - 1 / (2 * a - 1)) * (al + 5 / 6 - 2 / (3 * h));
  return a / (a + b * Math.exp(2 * w));
}

/** Quantile of Beta(a, b): the x with I_x(a, b) = p (R's qbeta). */
export function betaQuantile(p: number, a: number, b: number): number {
  if (!(a > 0 && b > 0)) throw new RangeError(`betaQuantile needs a, b > 0, got ${a}, ${b}`);
  if (!(p >= 0 && p <= 1)) throw new RangeError(`betaQuantile needs 0 <= p <= 1, got ${p}`);
  if (p === 0) return 0;
  if (p === 1) return 1;
  // Start close (so the safeguarded Newton below takes two or three steps): for a, b >= 1 the approximation of
  // Numerical Recipes' invbetai (3rd ed., 6.14), else the normal approximation of the mean and variance.
  let x = Math.min(1 - 1e-12, Math.max(1e-12, a >= 1 && b >= 1 ? invbetaiStart(p, a, b) : normalStart(p, a, b)));
  let lo = 0;
  let hi = 1;
  const lnBeta = logBeta(a, b);
  for (let i = 0; i < 1000; i++) {
    const f = incompleteBeta(x, a, b, lnBeta) - p;
    if (f === 0) return x;
    if (f < 0) lo = x;
    else hi = x;
    const pdf = Math.exp(betaLogPdf(x, a, b, lnBeta));
    let next = x - f / pdf;
    // Outside the bracket (or a flat density): bisect, geometrically when the bracket spans decades near 0.
    if (!(next > lo && next < hi)) next = lo > 0 && hi / lo > 16 ? Math.sqrt(lo * hi) : lo === 0 && hi < 1e-3 ? hi / 16 : (lo + hi) / 2;
    if (Math.abs(next - x) <= 1e-15 * next || hi - lo <= 1e-15 * hi || next === 0) return next;
    x = next;
  }
  return x;
}

/** Quantile of Gamma(shape a, scale 1): the x with P(a, x) = p (R's qgamma); bisection, to double precision. */
export function gammaQuantile(p: number, a: number): number {
  if (!(a > 0)) throw new RangeError(`gammaQuantile needs a > 0, got ${a}`);
  if (!(p >= 0 && p < 1)) throw new RangeError(`gammaQuantile needs 0 <= p < 1, got ${p}`);
  if (p === 0) return 0;
  // P(a, x) rises from 0 to 1: widen the bracket until it holds p, then halve it.
  let lo = 0;
  let hi = a + 10;
  while (1 - upperIncompleteGamma(a, hi) < p) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-15 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (1 - upperIncompleteGamma(a, mid) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

// Indirect standardisation (case-mix adjustment): a unit's observed events against those expected had each of
// its cases had its stratum's agency-wide rate. E is an additive count, summed where the cases are
// (metrics/facilitators/getFacilitatorCounts.ts); the ratio, its interval and the adjusted rate are here.

export interface StandardisedRatio {
  /** O/E; null when E = 0 (the unit's strata never had an event anywhere). */
  oe: number | null;
  /** exp(ln(O/E) ± 1.96 / √O); null when O = 0 (the log interval is undefined) or E = 0. */
  oeLow: number | null;
  oeHigh: number | null;
  /** O/E × the agency's overall rate p: the unit's rate had it served the agency's case mix. */
  adjustedRate: number | null;
  /** O/E's interval × p: the adjusted rate's interval; null where O/E's is. */
  adjustedLow: number | null;
  adjustedHigh: number | null;
}

const Z = 1.96;

/** O/E with its log interval, and the adjusted rate O/E × p (p null: no agency rate, no adjusted rate). */
export function standardisedRatio(observed: number, expected: number, p: number | null): StandardisedRatio {
  if (!(Number.isInteger(observed) && observed >= 0 && expected >= 0)) {
    throw new RangeError(`standardisation needs a whole observed count and expected >= 0, got O = ${observed}, E = ${expected}`);
  }
  const oe = expected > 0 ? observed / expected : null;
  const halfWidth = Z / Math.sqrt(observed);
  const bounded = oe !== null && observed > 0;
  const oeLow = bounded ? Math.exp(Math.log(oe) - halfWidth) : null;
  const oeHigh = bounded ? Math.exp(Math.log(oe) + halfWidth) : null;
  return {
    oe,
    oeLow,
    oeHigh,
    adjustedRate: oe !== null && p !== null ? oe * p : null,
    adjustedLow: oeLow !== null && p !== null ? oeLow * p : null,
    adjustedHigh: oeHigh !== null && p !== null ? oeHigh * p : null,
  };
}

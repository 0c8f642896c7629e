// Indirect standardisation (case-mix adjustment): observed against expected from agency-wide stratum rates.

export interface StratumCases {
  stratum: string;
  unit: string;
  events: number;
  n: number;
}

export interface StandardisedUnit {
  unit: string;
  n: number;
  observed: number;
  /** Σ over the unit's cases of its stratum's agency-wide rate. */
  expected: number;
  /** O/E; null when E = 0 (the unit's strata never had an event anywhere). */
  oe: number | null;
  /** exp(ln(O/E) ± 1.96 / √O); null when O = 0 (the log interval is undefined) or E = 0. */
  oeLow: number | null;
  oeHigh: number | null;
  /** O/E × the agency's overall rate: the unit's rate had it served the agency's case mix. */
  adjustedRate: number | null;
}

export interface Standardisation {
  /** The agency's overall rate Σ events / Σ n over all units. */
  p: number | null;
  /** One entry per unit, in order of first appearance. */
  units: StandardisedUnit[];
}

const Z = 1.96;

/** Stratum rates over all units, then O, E, O/E with its log interval and the adjusted rate per unit. */
export function indirectStandardise(cases: readonly StratumCases[]): Standardisation {
  const strata = new Map<string, { events: number; n: number }>();
  for (const c of cases) {
    if (!(Number.isInteger(c.n) && Number.isInteger(c.events) && c.events >= 0 && c.events <= c.n)) {
      throw new RangeError(`standardisation rows need whole counts 0 <= events <= n, got ${c.events} of ${c.n} (${c.unit}, ${c.stratum})`);
    }
    const s = strata.get(c.stratum) ?? { events: 0, n: 0 };
    s.events += c.events;
    s.n += c.n;
    strata.set(c.stratum, s);
  }
  const totalN = cases.reduce((s, c) => s + c.n, 0);
  const p = totalN > 0 ? cases.reduce((s, c) => s + c.events, 0) / totalN : null;

  const units = new Map<string, { n: number; observed: number; expected: number }>();
  for (const c of cases) {
    const u = units.get(c.unit) ?? { n: 0, observed: 0, expected: 0 };
    const stratum = strata.get(c.stratum)!;
    u.n += c.n;
    u.observed += c.events;
    u.expected += stratum.n > 0 ? (c.n * stratum.events) / stratum.n : 0;
    units.set(c.unit, u);
  }

  return {
    p,
    units: [...units].map(([unit, { n, observed, expected }]) => {
      const oe = expected > 0 ? observed / expected : null;
      const halfWidth = Z / Math.sqrt(observed);
      const bounded = oe !== null && observed > 0;
      return {
        unit,
        n,
        observed,
        expected,
        oe,
        oeLow: bounded ? Math.exp(Math.log(oe) - halfWidth) : null,
        oeHigh: bounded ? Math.exp(Math.log(oe) + halfWidth) : null,
        adjustedRate: oe !== null && p !== null ? oe * p : null,
      };
    }),
  };
}

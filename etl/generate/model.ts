// The planted effects and base rates: one place, copied verbatim into truth.json.
import { logistic } from './random.ts';

const logit = (p: number): number => Math.log(p / (1 - p));

export const model = {
  /** Log-odds of re-entry within 365 days after a community exit: white client, average uncertified facilitator. */
  reentryBaseLogOdds: round(logit(0.2)),
  /** Share of facilitators of each kind among all hires. */
  facilitatorMix: { struggling: 0.15, exemplary: 0.15, typical: 0.7 },
  /** Re-entry log-odds effect by kind: mean, then per-facilitator normal spread. */
  reentryEffect: { struggling: { mean: 0.8, sd: 0.12 }, exemplary: { mean: -0.8, sd: 0.12 }, typical: { mean: 0, sd: 0.2 } },
  /** Length-of-stay effect (log of the multiplier): struggling cases drag on, exemplary ones finish sooner. */
  losEffect: { struggling: { mean: round(Math.log(1.5)), sd: 0.08 }, exemplary: { mean: round(Math.log(0.8)), sd: 0.08 }, typical: { mean: 0, sd: 0.1 } },
  /** Exit mix: completed x exp(-0.5 e), disengaged x exp(0.6 e), out_of_home x exp(0.4 e) for re-entry effect e. */
  exitMixSlope: { completed: -0.5, disengaged: 0.6, out_of_home: 0.4 },
  /** Re-entry log-odds by race/ethnicity against white, before the facilitator's disparity amplifier. */
  raceLogOdds: {
    american_indian_alaska_native: 0.5, asian: -0.1, black: 0.6, hispanic_latino: 0.15, middle_eastern_north_african: 0,
    native_hawaiian_pacific_islander: 0.2, white: 0, multiracial: 0.2, unknown: 0,
  } as Record<string, number>,
  /** Facilitators whose caseload shows the gap amplified, or not at all. */
  disparityAmplifier: { amplifying: { share: 0.2, value: 2 }, equitable: { share: 0.2, value: 0 }, typical: 1 },
  /** Certification: launched a year after the data starts; share of facilitators who complete it, when, and its effect on re-entry log-odds. */
  certification: { launchDaysAfterStart: 365, share: 0.6, earliestDaysAfterHire: 90, meanDaysAfterEarliest: 365, reentryLogOdds: -0.6 },
  /** Annual separation hazard (exponential tenure) by kind, and the separation reasons' weights. */
  turnover: {
    annualHazard: { struggling: 0.6, typical: 0.28, exemplary: 0.12, supervisor: 0.12, other: 0.2 },
    reasons: {
      struggling: { voluntary: 0.5, involuntary: 0.4, other: 0.1 },
      typical: { voluntary: 0.78, involuntary: 0.12, other: 0.1 },
      exemplary: { voluntary: 0.85, involuntary: 0.03, other: 0.12 },
    },
    /** Days a vacant position stays open: 7 + exponential(mean). */
    vacancyMeanDays: 30,
  },
  /** One supervisor per team of 6-8 facilitator positions. */
  teamSize: { min: 6, max: 8 },
  episodes: {
    /** No-shows: stays of 0-7 days. */
    shortStayShare: 0.07,
    /** Sigma of the log-normal length of stay around the program's median. */
    staySigma: 0.75,
    /** A second program opened for the same client within 45 days of a first one. */
    concurrentShare: 0.5,
    /** Extra reassignments (caseload balancing) besides those forced by a facilitator's separation. */
    reassignmentShare: 0.08,
    /** Returns after the 365-day window, for clients who did not re-enter within it. */
    laterReturnShare: 0.7,
    /** Mean days beyond the first year to such a later return (exponential). */
    laterReturnMeanDays: 250,
    /** Returns after non-community exits (any time). */
    returnAfter: { out_of_home: 0.55, moved: 0.08, aged_out: 0.1, transferred: 0.15 },
    /** Mean days to a re-entry (exponential, truncated to 1-365). */
    reentryMeanDays: 110,
    /** Return to a program the client was in before. */
    sameProgramShare: 0.4,
  },
} as const;

export type FacilitatorKind = 'struggling' | 'typical' | 'exemplary';

export function round(x: number, digits = 4): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** Planted re-entry probability for a white client with an average facilitator, for reference in truth.json. */
export const baseReentryRate = round(logistic(model.reentryBaseLogOdds));

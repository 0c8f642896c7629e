// truth.json: what was planted, so a test or an analyst can check that the metrics recover it.
import { model, baseReentryRate, round, type FacilitatorKind } from './model.ts';
import type { StaffPlan } from './staff.ts';
import { dayOf, type DateTable } from './calendar.ts';
import type { EpisodeLog } from './episodes.ts';

export interface GenerateOptions {
  seed?: number;
  clients?: number;
  facilitators?: number;
  start?: string;
  asOf?: string;
}

export interface PlantedFacilitator {
  staffId: string;
  kind: FacilitatorKind;
  struggling: boolean;
  exemplary: boolean;
  /** Added to the log-odds of re-entry within 365 days after a community exit. */
  reentryEffect: number;
  reentryOddsRatio: number;
  /** Log of the length-of-stay multiplier. */
  losEffect: number;
  losMultiplier: number;
  /** Multiplies the race/ethnicity log-odds for this facilitator's clients (0 = no gap, 2 = doubled; 1 on average). */
  disparityAmplifier: number;
  certifiedDate: string | null;
  hireDate: string;
  separationDate: string | null;
  separationReason: string | null;
  supervisorId: string | null;
}

export interface Truth {
  seed: number;
  params: Required<GenerateOptions>;
  counts: {
    staff: number; facilitators: number; supervisors: number; other: number; teams: number;
    clients: number; episodes: number; openEpisodes: number; assignments: number; reassignedEpisodes: number;
  };
  model: typeof model;
  facilitators: PlantedFacilitator[];
  reentry: { baseRate: number; baseLogOdds: number; exemplary: string[]; struggling: string[] };
  disparity: {
    reference: 'white';
    logOdds: Record<string, number>;
    oddsRatio: Record<string, number>;
    /** Facilitators whose clients see the race gap multiplied by 2, and those whose clients see none. */
    amplifying: string[];
    equitable: string[];
  };
  certification: { launchDate: string; reentryLogOdds: number; oddsRatio: number; certifiedFacilitators: number };
  turnover: {
    annualHazard: typeof model.turnover.annualHazard;
    byKind: Record<FacilitatorKind, { facilitators: number; separated: number }>;
  };
}

export function buildTruth(options: Required<GenerateOptions>, staff: StaffPlan, log: EpisodeLog, dates: DateTable, clients: number): Truth {
  const members = staff.members;
  const date = (day: number): string | null => (day < 0 ? null : dates.iso(day));
  const facilitators: PlantedFacilitator[] = staff.facilitators
    .map((i) => members[i])
    .sort((x, y) => (x.id < y.id ? -1 : 1))
    .map((m) => ({
      staffId: m.id, kind: m.kind, struggling: m.kind === 'struggling', exemplary: m.kind === 'exemplary',
      reentryEffect: m.reentryEffect, reentryOddsRatio: round(Math.exp(m.reentryEffect)),
      losEffect: m.losEffect, losMultiplier: round(Math.exp(m.losEffect)),
      disparityAmplifier: m.disparityAmplifier, certifiedDate: date(m.certified), hireDate: dates.iso(m.hire),
      separationDate: date(m.separation), separationReason: m.separationReason || null,
      supervisorId: m.supervisor >= 0 ? members[m.supervisor].id : null,
    }));
  const byKind = { struggling: { facilitators: 0, separated: 0 }, typical: { facilitators: 0, separated: 0 }, exemplary: { facilitators: 0, separated: 0 } };
  for (const f of facilitators) {
    byKind[f.kind].facilitators++;
    if (f.separationDate) byKind[f.kind].separated++;
  }
  let openEpisodes = 0;
  for (let e = 0; e < log.count; e++) if (log.end[e] < 0) openEpisodes++;
  const episodesWithAssignments = new Uint8Array(log.count);
  for (let i = 0; i < log.assignments.count; i++) episodesWithAssignments[log.assignments.episode[i]]++;
  const reassignedEpisodes = episodesWithAssignments.reduce((sum, k) => sum + (k > 1 ? 1 : 0), 0);
  const ids = (keep: (f: PlantedFacilitator) => boolean): string[] => facilitators.filter(keep).map((f) => f.staffId);
  return {
    seed: options.seed,
    params: options,
    counts: {
      staff: members.length,
      facilitators: staff.facilitators.length,
      supervisors: members.filter((m) => m.role === 'supervisor').length,
      other: members.filter((m) => m.role === 'other').length,
      teams: staff.teams,
      clients,
      episodes: log.count,
      openEpisodes,
      assignments: log.assignments.count,
      reassignedEpisodes,
    },
    model,
    facilitators,
    reentry: { baseRate: baseReentryRate, baseLogOdds: model.reentryBaseLogOdds, exemplary: ids((f) => f.exemplary), struggling: ids((f) => f.struggling) },
    disparity: {
      reference: 'white',
      logOdds: model.raceLogOdds,
      oddsRatio: Object.fromEntries(Object.entries(model.raceLogOdds).map(([race, x]) => [race, round(Math.exp(x))])),
      amplifying: ids((f) => f.disparityAmplifier > 1),
      equitable: ids((f) => f.disparityAmplifier === 0),
    },
    certification: {
      launchDate: dates.iso(dayOf(options.start) + model.certification.launchDaysAfterStart),
      reentryLogOdds: model.certification.reentryLogOdds,
      oddsRatio: round(Math.exp(model.certification.reentryLogOdds)),
      certifiedFacilitators: facilitators.filter((f) => f.certifiedDate).length,
    },
    turnover: { annualHazard: model.turnover.annualHazard, byKind },
  };
}

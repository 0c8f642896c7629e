// Plans the workforce: facilitator positions filled in turn as people leave, teams with supervisors, directors and other staff.
import { Random } from './random.ts';
import { model, round, type FacilitatorKind } from './model.ts';
import { firstNames, lastNames } from './vocabulary.ts';

export type Role = 'facilitator' | 'supervisor' | 'other';
export type SeparationReason = 'voluntary' | 'involuntary' | 'other';

export interface StaffMember {
  /** Index in the plan (before ids are given out by hire date). */
  index: number;
  id: string;
  role: Role;
  name: string;
  /** Index of the supervisor, or -1. */
  supervisor: number;
  hire: number;
  /** Separation day, or -1 while employed at asOf. */
  separation: number;
  separationReason: SeparationReason | '';
  /** Certification day, or -1. */
  certified: number;
  kind: FacilitatorKind;
  reentryEffect: number;
  losEffect: number;
  disparityAmplifier: number;
  team: number;
}

export interface StaffPlan {
  members: StaffMember[];
  facilitators: number[];
  teams: number;
}

const year = 365.25;

/** Plans `facilitators` facilitators (exactly) plus supervisors, directors and other staff. */
export function planStaff(random: Random, facilitators: number, start: number, asOf: number): StaffPlan {
  const members: StaffMember[] = [];
  const add = (role: Role, hire: number, separationAfter: number, team: number): StaffMember => {
    const member: StaffMember = {
      index: members.length, id: '', role, name: staffName(random), supervisor: -1, hire,
      separation: -1, separationReason: '', certified: -1, kind: 'typical', reentryEffect: 0, losEffect: 0,
      disparityAmplifier: 1, team,
    };
    const separation = Math.max(hire, start) + Math.floor(separationAfter);
    if (separation <= asOf) member.separation = separation;
    members.push(member);
    return member;
  };

  // Facilitator positions: enough that the expected turnover uses up the requested number of facilitators by asOf.
  const years = (asOf - start) / year;
  const mix = model.facilitatorMix, hazard = model.turnover.annualHazard;
  const meanHazard = mix.struggling * hazard.struggling + mix.typical * hazard.typical + mix.exemplary * hazard.exemplary;
  const positions = Math.max(1, Math.min(facilitators, Math.round(facilitators / (1 + years * meanHazard))));
  const facilitatorIndexes: number[] = [];
  // The current holder of each position (index into members).
  const holders: number[] = [];
  let team = 0;
  let teamLeft = teamSize(random);
  const hireInto = (position: number, hire: number, stays: boolean): void => {
    const kind = facilitatorKind(random);
    const member = add('facilitator', hire, stays ? Infinity : random.exponential(year / hazard[kind]), positionTeam(position));
    plantEffects(random, member, kind, start, asOf);
    if (member.separation >= 0) member.separationReason = separationReason(random, kind);
    facilitatorIndexes.push(member.index);
    holders[position] = member.index;
  };
  const positionTeams: number[] = [];
  const positionTeam = (position: number): number => {
    while (positionTeams.length <= position) {
      if (teamLeft === 0) {
        team++;
        teamLeft = teamSize(random);
      }
      teamLeft--;
      positionTeams.push(team);
    }
    return positionTeams[position];
  };
  // First holders were hired before the data starts.
  for (let p = 0; p < positions; p++) hireInto(p, start - 30 - random.int(Math.floor(8 * year)), false);
  // Vacancies are filled in date order; once the remaining hires only cover the open vacancies, those hires stay.
  while (facilitatorIndexes.length < facilitators) {
    let next = -1;
    let vacancies = 0;
    for (let p = 0; p < holders.length; p++) {
      if (holders[p] < 0 || members[holders[p]].separation < 0) continue;
      const leaves = members[holders[p]].separation;
      vacancies++;
      if (next < 0 || leaves < members[holders[next]].separation) next = p;
    }
    if (next < 0) {
      // Turnover ran lower than expected: the agency grows by a position during the period.
      hireInto(holders.length, start + random.int(asOf - start + 1), false);
      continue;
    }
    const left = members[holders[next]].separation;
    // Position 0 is never vacant, so someone can always take a new case.
    const hire = left + (next === 0 ? 0 : 7 + Math.floor(random.exponential(model.turnover.vacancyMeanDays)));
    if (hire > asOf) {
      holders[next] = -1;
      continue;
    }
    hireInto(next, hire, facilitators - facilitatorIndexes.length <= vacancies);
  }
  const teams = team + 1;

  // Directors (role other) lead the supervisors; they stay through the period.
  const directors: number[] = [];
  for (let i = 0; i < Math.max(1, Math.ceil(teams / 8)); i++) {
    directors.push(add('other', start - 365 - random.int(Math.floor(10 * year)), Infinity, -1).index);
  }

  // Each team has one supervisor at a time; a successor starts the day the predecessor leaves.
  const supervisorsByTeam: StaffMember[][] = [];
  for (let t = 0; t < teams; t++) {
    const chain: StaffMember[] = [];
    let hire = start - 180 - random.int(Math.floor(10 * year));
    while (hire <= asOf) {
      const member = add('supervisor', hire, random.exponential(year / model.turnover.annualHazard.supervisor), t);
      member.supervisor = directors[t % directors.length];
      chain.push(member);
      if (member.separation < 0) break;
      member.separationReason = random.chance(0.8) ? 'voluntary' : random.chance(0.5) ? 'involuntary' : 'other';
      hire = member.separation;
    }
    supervisorsByTeam.push(chain);
  }
  for (const index of facilitatorIndexes) {
    const member = members[index];
    const onDay = member.separation < 0 ? asOf : Math.max(member.hire, member.separation - 1);
    const chain = supervisorsByTeam[member.team];
    member.supervisor = (chain.find((s) => s.hire <= onDay && (s.separation < 0 || s.separation > onDay)) ?? chain[0]).index;
  }

  // Other staff: intake coordinators, clinicians, administrators; hired before and during the period.
  const others = Math.max(2, Math.round(facilitators * 0.12));
  const span = asOf - start;
  for (let i = 0; i < others; i++) {
    const hire = random.chance(0.5) ? start - random.int(Math.floor(10 * year)) : start + random.int(span + 1);
    const member = add('other', hire, random.exponential(year / model.turnover.annualHazard.other), -1);
    if (member.separation >= 0) member.separationReason = random.chance(0.75) ? 'voluntary' : random.chance(0.5) ? 'involuntary' : 'other';
    if (random.chance(0.8)) member.supervisor = directors[i % directors.length];
  }

  // Staff ids follow hire order, as a personnel system numbers its records.
  const byHire = [...members].sort((a, b) => a.hire - b.hire || a.index - b.index);
  const width = Math.max(4, String(members.length).length);
  byHire.forEach((member, i) => (member.id = 'S' + String(i + 1).padStart(width, '0')));
  return { members, facilitators: facilitatorIndexes, teams };
}

function teamSize(random: Random): number {
  return model.teamSize.min + random.int(model.teamSize.max - model.teamSize.min + 1);
}

function facilitatorKind(random: Random): FacilitatorKind {
  const x = random.next();
  if (x < model.facilitatorMix.struggling) return 'struggling';
  if (x < model.facilitatorMix.struggling + model.facilitatorMix.exemplary) return 'exemplary';
  return 'typical';
}

function plantEffects(random: Random, member: StaffMember, kind: FacilitatorKind, start: number, asOf: number): void {
  member.kind = kind;
  member.reentryEffect = round(model.reentryEffect[kind].mean + model.reentryEffect[kind].sd * random.normal());
  member.losEffect = round(model.losEffect[kind].mean + model.losEffect[kind].sd * random.normal());
  const x = random.next();
  const { amplifying, equitable, typical } = model.disparityAmplifier;
  member.disparityAmplifier = x < amplifying.share ? amplifying.value : x < amplifying.share + equitable.share ? equitable.value : typical;
  if (random.chance(model.certification.share)) {
    const { launchDaysAfterStart, earliestDaysAfterHire, meanDaysAfterEarliest } = model.certification;
    const earliest = Math.max(start + launchDaysAfterStart, member.hire + earliestDaysAfterHire);
    const certified = earliest + Math.floor(random.exponential(meanDaysAfterEarliest));
    if (certified <= asOf && (member.separation < 0 || certified < member.separation)) member.certified = certified;
  }
}

function separationReason(random: Random, kind: FacilitatorKind): SeparationReason {
  const weights = model.turnover.reasons[kind];
  const x = random.next();
  if (x < weights.voluntary) return 'voluntary';
  return x < weights.voluntary + weights.involuntary ? 'involuntary' : 'other';
}

function staffName(random: Random): string {
  const first = firstNames[random.int(firstNames.length)];
  const last = lastNames[random.int(lastNames.length)];
  const x = random.next();
  // A few names carry a suffix or a nickname, as HR systems export them (they need CSV quoting).
  if (x < 0.04) return `${first} ${last}, Jr.`;
  if (x < 0.06) return `${first} "${first.slice(0, 3)}" ${last}`;
  return `${first} ${last}`;
}

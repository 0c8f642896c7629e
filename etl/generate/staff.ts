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
  const roster = new Roster(random, start, asOf);
  const teamOf = new TeamLayout(random);
  const facilitatorIndexes = planFacilitators(roster, teamOf, facilitators);
  const teams = teamOf.teams;
  const directors = planDirectors(roster, teams);
  const supervisorsByTeam = planSupervisors(roster, teams, directors);
  for (const index of facilitatorIndexes) linkSupervisor(roster.members[index], supervisorsByTeam[roster.members[index].team], asOf);
  planOtherStaff(roster, Math.max(2, Math.round(facilitators * 0.12)), directors);
  numberByHire(roster.members);
  return { members: roster.members, facilitators: facilitatorIndexes, teams };
}

/** Everyone planned so far; `add` draws the name and the separation day from a tenure. */
class Roster {
  readonly members: StaffMember[] = [];
  constructor(readonly random: Random, readonly start: number, readonly asOf: number) {}

  add(role: Role, hire: number, tenureFromStart: number, team: number): StaffMember {
    const member: StaffMember = {
      index: this.members.length, id: '', role, name: staffName(this.random), supervisor: -1, hire,
      separation: -1, separationReason: '', certified: -1, kind: 'typical', reentryEffect: 0, losEffect: 0,
      disparityAmplifier: 1, team,
    };
    // Tenure runs from the later of hire and start (memoryless for those hired before the data starts).
    const separation = Math.max(hire, this.start) + Math.floor(tenureFromStart);
    if (separation <= this.asOf) member.separation = separation;
    this.members.push(member);
    return member;
  }
}

/** Facilitator positions grouped into teams of 6-8, in position order. */
class TeamLayout {
  private readonly teamOfPosition: number[] = [];
  private team = 0;
  private left: number;
  constructor(private readonly random: Random) {
    this.left = teamSize(random);
  }
  of(position: number): number {
    while (this.teamOfPosition.length <= position) {
      if (this.left === 0) {
        this.team++;
        this.left = teamSize(this.random);
      }
      this.left--;
      this.teamOfPosition.push(this.team);
    }
    return this.teamOfPosition[position];
  }
  get teams(): number {
    return this.team + 1;
  }
}

/**
 * Facilitator positions, enough that the expected turnover uses up the requested number by asOf; vacancies are
 * filled in date order, and once the remaining hires only cover the open vacancies, those hires stay.
 */
function planFacilitators(roster: Roster, teamOf: TeamLayout, facilitators: number): number[] {
  const { random, members, start, asOf } = roster;
  const years = (asOf - start) / year;
  const mix = model.facilitatorMix, hazard = model.turnover.annualHazard;
  const meanHazard = mix.struggling * hazard.struggling + mix.typical * hazard.typical + mix.exemplary * hazard.exemplary;
  const positions = Math.max(1, Math.min(facilitators, Math.round(facilitators / (1 + years * meanHazard))));
  const hired: number[] = [];
  // The current holder of each position (index into members), -1 once it stays vacant past asOf.
  const holders: number[] = [];
  const hireInto = (position: number, hire: number, stays: boolean): void => {
    const kind = facilitatorKind(random);
    const member = roster.add('facilitator', hire, stays ? Infinity : random.exponential(year / hazard[kind]), teamOf.of(position));
    plantEffects(random, member, kind, start, asOf);
    if (member.separation >= 0) member.separationReason = separationReason(random, kind);
    hired.push(member.index);
    holders[position] = member.index;
  };
  // First holders were hired before the data starts.
  for (let p = 0; p < positions; p++) hireInto(p, start - 30 - random.int(Math.floor(8 * year)), false);
  while (hired.length < facilitators) {
    const { next, vacancies } = earliestLeaver(members, holders);
    if (next < 0) {
      // Turnover ran lower than expected: the agency grows by a position during the period.
      hireInto(holders.length, start + random.int(asOf - start + 1), false);
      continue;
    }
    // Position 0 is never vacant, so someone can always take a new case.
    const left = members[holders[next]].separation;
    const hire = left + (next === 0 ? 0 : 7 + Math.floor(random.exponential(model.turnover.vacancyMeanDays)));
    if (hire > asOf) holders[next] = -1;
    else hireInto(next, hire, facilitators - hired.length <= vacancies);
  }
  return hired;
}

/** The position whose holder leaves first (-1 if nobody leaves by asOf), and how many holders leave. */
function earliestLeaver(members: StaffMember[], holders: number[]): { next: number; vacancies: number } {
  let next = -1;
  let vacancies = 0;
  for (let p = 0; p < holders.length; p++) {
    if (holders[p] < 0 || members[holders[p]].separation < 0) continue;
    vacancies++;
    if (next < 0 || members[holders[p]].separation < members[holders[next]].separation) next = p;
  }
  return { next, vacancies };
}

/** Directors (role other) lead the supervisors, one per 8 teams; they stay through the period. */
function planDirectors(roster: Roster, teams: number): number[] {
  const directors: number[] = [];
  for (let i = 0; i < Math.max(1, Math.ceil(teams / 8)); i++) {
    directors.push(roster.add('other', roster.start - 365 - roster.random.int(Math.floor(10 * year)), Infinity, -1).index);
  }
  return directors;
}

/** Each team has one supervisor at a time; a successor starts the day the predecessor leaves. */
function planSupervisors(roster: Roster, teams: number, directors: number[]): StaffMember[][] {
  const { random, start, asOf } = roster;
  const supervisorsByTeam: StaffMember[][] = [];
  for (let t = 0; t < teams; t++) {
    const chain: StaffMember[] = [];
    let hire = start - 180 - random.int(Math.floor(10 * year));
    while (hire <= asOf) {
      const member = roster.add('supervisor', hire, random.exponential(year / model.turnover.annualHazard.supervisor), t);
      member.supervisor = directors[t % directors.length];
      chain.push(member);
      if (member.separation < 0) break;
      member.separationReason = random.chance(0.8) ? 'voluntary' : random.chance(0.5) ? 'involuntary' : 'other';
      hire = member.separation;
    }
    supervisorsByTeam.push(chain);
  }
  return supervisorsByTeam;
}

/** A facilitator's supervisor_id: the team's supervisor on the facilitator's last day (or asOf). */
function linkSupervisor(facilitator: StaffMember, chain: StaffMember[], asOf: number): void {
  const onDay = facilitator.separation < 0 ? asOf : Math.max(facilitator.hire, facilitator.separation - 1);
  facilitator.supervisor = (chain.find((s) => s.hire <= onDay && (s.separation < 0 || s.separation > onDay)) ?? chain[0]).index;
}

/** Other staff: intake coordinators, clinicians, administrators; hired before and during the period. */
function planOtherStaff(roster: Roster, count: number, directors: number[]): void {
  const { random, start, asOf } = roster;
  for (let i = 0; i < count; i++) {
    const hire = random.chance(0.5) ? start - random.int(Math.floor(10 * year)) : start + random.int(asOf - start + 1);
    const member = roster.add('other', hire, random.exponential(year / model.turnover.annualHazard.other), -1);
    if (member.separation >= 0) member.separationReason = random.chance(0.75) ? 'voluntary' : random.chance(0.5) ? 'involuntary' : 'other';
    if (random.chance(0.8)) member.supervisor = directors[i % directors.length];
  }
}

/** Staff ids follow hire order, as a personnel system numbers its records. */
function numberByHire(members: StaffMember[]): void {
  const byHire = [...members].sort((a, b) => a.hire - b.hire || a.index - b.index);
  const width = Math.max(4, String(members.length).length);
  byHire.forEach((member, i) => (member.id = 'S' + String(i + 1).padStart(width, '0')));
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

// Simulates services day by day: referrals, facilitator assignment by caseload, stays, exits, re-entries and reassignments.
import { Random, cumulative, logistic } from './random.ts';
import { ageOn, birthday } from './calendar.ts';
import { model } from './model.ts';
import { communityExit, exitIndex, programs, raceValues } from './vocabulary.ts';
import { AssignmentTable, DayQueue, EpisodeTable } from './tables.ts';
import { Caseloads } from './caseloads.ts';
import type { ClientPlan } from './clients.ts';
import type { StaffMember, StaffPlan } from './staff.ts';

/** What the simulation leaves behind: the episode columns the writers and truth.json read, plus the assignments. */
export type EpisodeLog = Pick<EpisodeTable, 'count' | 'client' | 'program' | 'facilitator' | 'start' | 'end' | 'exit'> & {
  assignments: AssignmentTable;
};

const never = 0x7fffffff;
const ep = model.episodes;
const SHORT = 1, REFERRAL = 2;
// A queued referral carries program * 2 + (1 when it is a new referral); -1 = program to be chosen, new referral.
const NEW_REFERRAL = -1;
const raceLogOdds = Float64Array.from(raceValues, (r) => model.raceLogOdds[r] ?? 0);
const shortReasons = { values: [exitIndex.disengaged, exitIndex.other, exitIndex.moved, exitIndex.transferred], weights: cumulative([55, 25, 10, 10]) };
const returnAfter = new Float64Array(8);
for (const [reason, share] of Object.entries(ep.returnAfter)) returnAfter[exitIndex[reason as keyof typeof exitIndex]] = share;

export function simulateEpisodes(random: Random, clients: ClientPlan, staff: StaffPlan, start: number, asOf: number): EpisodeLog {
  const simulation = new ServiceSimulation(random, clients, staff, start, asOf);
  for (let day = start; day <= asOf; day++) simulation.runDay(day);
  return simulation.log();
}

class ServiceSimulation {
  private readonly episodes: EpisodeTable;
  private readonly assignments: AssignmentTable;
  private readonly caseloads: Caseloads;
  private readonly referrals: DayQueue;
  private readonly reassignments: DayQueue;
  private readonly exits: DayQueue;
  private readonly reentryEffect: Float64Array;
  private readonly losEffect: Float64Array;
  private readonly amplifier: Float64Array;
  private readonly certified: Int32Array;
  /** Bit mask of the programs each client is open in, and the last program they were in. */
  private readonly openPrograms: Uint8Array;
  private readonly lastProgram: Int8Array;
  /** The latest episode opened for each client (-1 = none). */
  private readonly lastEpisode: Int32Array;
  private readonly hires: StaffMember[];
  private readonly leavers: StaffMember[];
  private nextHire = 0;
  private nextLeaver = 0;

  constructor(private readonly random: Random, private readonly clients: ClientPlan, staff: StaffPlan, start: number, private readonly asOf: number) {
    const members = staff.members;
    const capacity = Math.max(1024, clients.count * 3);
    this.episodes = new EpisodeTable(capacity);
    this.assignments = new AssignmentTable(capacity);
    this.caseloads = new Caseloads(members.length, capacity);
    const days = asOf - start + 1;
    this.referrals = new DayQueue(start, days);
    this.reassignments = new DayQueue(start, days);
    this.exits = new DayQueue(start, days);
    this.reentryEffect = Float64Array.from(members, (m) => m.reentryEffect);
    this.losEffect = Float64Array.from(members, (m) => m.losEffect);
    this.amplifier = Float64Array.from(members, (m) => m.disparityAmplifier);
    this.certified = Int32Array.from(members, (m) => (m.certified < 0 ? never : m.certified));
    this.openPrograms = new Uint8Array(clients.count);
    this.lastProgram = new Int8Array(clients.count).fill(-1);
    this.lastEpisode = new Int32Array(clients.count).fill(-1);
    const facilitators = staff.facilitators.map((i) => members[i]);
    this.hires = [...facilitators].sort((x, y) => x.hire - y.hire || x.index - y.index);
    this.leavers = facilitators.filter((m) => m.separation >= 0).sort((x, y) => x.separation - y.separation || x.index - y.index);
    for (let c = 0; c < clients.count; c++) this.referrals.add(clients.arrival[c], c, NEW_REFERRAL);
  }

  /** One day: hires, separations (with their cases handed on), referrals, reassignments, exits. */
  runDay(day: number): void {
    const { hires, leavers, caseloads } = this;
    while (this.nextHire < hires.length && hires[this.nextHire].hire <= day) caseloads.employ(hires[this.nextHire++].index);
    const firstLeaver = this.nextLeaver;
    while (this.nextLeaver < leavers.length && leavers[this.nextLeaver].separation === day) caseloads.dismiss(leavers[this.nextLeaver++].index);
    // Everyone still on a leaver's caseload gets a new facilitator the day they leave.
    for (let i = firstLeaver; i < this.nextLeaver; i++) {
      const f = leavers[i].index;
      while (caseloads.head[f] >= 0) this.reassign(caseloads.head[f], day, caseloads.choose(this.random, f));
    }
    for (let i = this.referrals.take(day); i >= 0; i = this.referrals.take(day)) {
      const code = this.referrals.b[i];
      this.open(this.referrals.a[i], day, code >> 1, (code & 1) === 1);
    }
    for (let i = this.reassignments.take(day); i >= 0; i = this.reassignments.take(day)) this.rebalance(this.reassignments.a[i], day);
    for (let i = this.exits.take(day); i >= 0; i = this.exits.take(day)) {
      const e = this.exits.a[i];
      if (this.episodes.end[e] < 0 && this.episodes.exitDay(e) === day) this.close(e, day);
    }
  }

  log(): EpisodeLog {
    const { episodes, caseloads } = this;
    for (let e = 0; e < episodes.count; e++) if (episodes.end[e] < 0) episodes.facilitator[e] = caseloads.current[e];
    const { count, client, program, facilitator, start, end, exit } = episodes;
    return { count, client, program, facilitator, start, end, exit, assignments: this.assignments };
  }

  /** Opens an episode for a referral: program, facilitator, planned stay, and maybe a concurrent second program. */
  private open(c: number, day: number, wanted: number, referral: boolean): void {
    const { random, episodes } = this;
    const birth = this.clients.birth[c];
    const age = ageOn(birth, day);
    const p = wanted >= 0 && eligible(programs[wanted], age) && !this.isOpenIn(c, wanted) ? wanted : this.chooseProgram(c, age, -1);
    if (p < 0) return;
    const open = this.lastEpisode[c];
    const e = episodes.add(c, p, day);
    this.lastEpisode[c] = e;
    // A family already in services keeps its facilitator, who coordinates the second program too.
    const f = open >= 0 && episodes.end[open] < 0 ? this.caseloads.current[open] : this.caseloads.choose(random, -1);
    const short = random.chance(ep.shortStayShare);
    const stay = short ? random.int(8) : Math.round(programs[p].medianStay * Math.exp(ep.staySigma * random.normal() + this.losEffect[f]));
    episodes.planned[e] = day + stay;
    episodes.ageOut[e] = programs[p].maxAge < 120 ? birthday(birth, programs[p].maxAge + 1) : never;
    episodes.flags[e] = (short ? SHORT : 0) | (referral ? REFERRAL : 0);
    this.openPrograms[c] |= 1 << p;
    this.lastProgram[c] = p;
    this.assign(e, f, day);
    this.scheduleExit(e);
    if (!short && stay >= 30 && random.chance(ep.reassignmentShare)) {
      const when = day + 1 + random.int(stay - 1);
      if (when <= this.asOf) this.reassignments.add(when, e, 0);
    }
    // Some families are referred to a second program while the first is under way.
    if (referral && random.chance(ep.concurrentShare)) {
      const second = this.chooseProgram(c, age, p);
      const when = day + random.int(Math.min(45, stay) + 1);
      if (second >= 0 && when <= this.asOf) this.referrals.add(when, c, second * 2);
    }
  }

  /** Closes an episode: exit reason from the facilitator at exit, then (if the client leaves services) a possible return. */
  private close(e: number, day: number): void {
    const { random, episodes } = this;
    const f = this.caseloads.current[e];
    const c = episodes.client[e];
    let reason: number;
    if (episodes.ageOut[e] === day && episodes.ageOut[e] <= episodes.planned[e]) reason = exitIndex.aged_out;
    else if (episodes.flags[e] & SHORT) reason = shortReasons.values[random.pick(shortReasons.weights)];
    else reason = exitReason(random, this.reentryEffect[f]);
    episodes.end[e] = day;
    episodes.exit[e] = reason;
    episodes.facilitator[e] = f;
    this.assignments.end[episodes.lastAssignment[e]] = day;
    this.caseloads.leave(e);
    this.openPrograms[c] &= ~(1 << episodes.program[e]);
    // Whether and when the client comes back is decided when they leave services altogether.
    if (this.openPrograms[c] !== 0) return;
    const gap = this.daysUntilReturn(c, f, reason, day);
    if (gap > 0 && day + gap <= this.asOf) this.referrals.add(day + gap, c, NEW_REFERRAL);
  }

  /** The planted re-entry model: facilitator, race/ethnicity x the facilitator's amplifier, certification. -1 = no return. */
  private daysUntilReturn(c: number, f: number, reason: number, day: number): number {
    const random = this.random;
    if (!communityExit[reason]) return random.chance(returnAfter[reason]) ? 30 + Math.floor(random.exponential(300)) : -1;
    const afterCertification = day >= this.certified[f] ? model.certification.reentryLogOdds : 0;
    const logOdds = model.reentryBaseLogOdds + this.reentryEffect[f] + raceLogOdds[this.clients.race[c]] * this.amplifier[f] + afterCertification;
    if (random.chance(logistic(logOdds))) return 1 + truncatedExponential(random, ep.reentryMeanDays, 365);
    return random.chance(ep.laterReturnShare) ? 366 + Math.floor(random.exponential(ep.laterReturnMeanDays)) : -1;
  }

  /** A caseload-balancing reassignment, when the episode is still open and was not just handed over. */
  private rebalance(e: number, day: number): void {
    const { episodes, caseloads } = this;
    const handedOverToday = this.assignments.start[episodes.lastAssignment[e]] >= day;
    if (episodes.end[e] < 0 && episodes.exitDay(e) >= day && !handedOverToday && caseloads.employedCount > 1) {
      this.reassign(e, day, caseloads.choose(this.random, caseloads.current[e]));
    }
  }

  /** Hands an open episode to another facilitator from `day`; the rest of the stay runs at the new facilitator's pace. */
  private reassign(e: number, day: number, to: number): void {
    const { episodes } = this;
    const from = this.caseloads.current[e];
    this.caseloads.leave(e);
    this.assignments.end[episodes.lastAssignment[e]] = day - 1;
    this.assign(e, to, day);
    if (!(episodes.flags[e] & SHORT) && episodes.planned[e] > day) {
      const before = episodes.exitDay(e);
      episodes.planned[e] = day + Math.round((episodes.planned[e] - day) * Math.exp(this.losEffect[to] - this.losEffect[from]));
      if (episodes.exitDay(e) !== before) this.scheduleExit(e);
    }
  }

  private assign(e: number, f: number, day: number): void {
    this.episodes.lastAssignment[e] = this.assignments.begin(e, f, day);
    this.caseloads.join(e, f);
  }

  /** Queues the exit; a later queue entry for a moved exit day wins, stale ones are skipped when taken. */
  private scheduleExit(e: number): void {
    const day = this.episodes.exitDay(e);
    if (day <= this.asOf) this.exits.add(day, e, 0);
  }

  private isOpenIn(c: number, p: number): boolean {
    return (this.openPrograms[c] & (1 << p)) !== 0;
  }

  /** A program the client is eligible for and not already in: often the last one, else by the programs' weights. */
  private chooseProgram(c: number, age: number, avoid: number): number {
    const random = this.random;
    const previous = this.lastProgram[c];
    const allowed = (p: number): boolean => p !== avoid && !this.isOpenIn(c, p) && eligible(programs[p], age);
    if (previous >= 0 && allowed(previous) && random.chance(ep.sameProgramShare)) return previous;
    let total = 0;
    for (let p = 0; p < programs.length; p++) if (allowed(p)) total += programs[p].weight;
    if (total === 0) return -1;
    let x = random.next() * total;
    for (let p = 0; p < programs.length; p++) {
      if (!allowed(p)) continue;
      x -= programs[p].weight;
      if (x < 0) return p;
    }
    return -1;
  }
}

function eligible(p: (typeof programs)[number], age: number): boolean {
  return age >= p.minAge && age <= p.maxAge;
}

const baseExitWeights = [42, 15, 15, 7, 7, 0, 4, 6];
const exitWeights = new Float64Array(8);

/** Exit reason for a closed, not aged-out stay: weaker facilitators see fewer completions and more disengagement. */
function exitReason(random: Random, effect: number): number {
  const w = exitWeights;
  w.set(baseExitWeights);
  w[exitIndex.completed] *= Math.exp(model.exitMixSlope.completed * effect);
  w[exitIndex.disengaged] *= Math.exp(model.exitMixSlope.disengaged * effect);
  w[exitIndex.out_of_home] *= Math.exp(model.exitMixSlope.out_of_home * effect);
  let total = 0;
  for (const x of w) total += x;
  let x = random.next() * total;
  for (let i = 0; i < w.length; i++) {
    x -= w[i];
    if (x < 0) return i;
  }
  return exitIndex.other;
}

/** Whole days in [0, limit) from an exponential with the given mean, truncated (re-entries cluster early). */
function truncatedExponential(random: Random, mean: number, limit: number): number {
  const u = random.next() * (1 - Math.exp(-limit / mean));
  return Math.min(limit - 1, Math.floor(-Math.log(1 - u) * mean));
}

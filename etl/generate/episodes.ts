// Simulates services day by day: referrals, facilitator assignment by caseload, stays, exits, re-entries and reassignments.
import { Random, cumulative, logistic } from './random.ts';
import { ageOn, birthday } from './calendar.ts';
import { model } from './model.ts';
import { communityExit, exitIndex, programs, raceValues } from './vocabulary.ts';
import type { ClientPlan } from './clients.ts';
import type { StaffPlan } from './staff.ts';

export interface EpisodeLog {
  count: number;
  client: Int32Array;
  program: Uint8Array;
  /** Facilitator of record: the one at exit, or now for open episodes. */
  facilitator: Int32Array;
  start: Int32Array;
  /** Exit day, or -1 while open. */
  end: Int32Array;
  /** Index into exitReasons, or -1 while open. */
  exit: Int8Array;
  assignments: AssignmentLog;
}

export interface AssignmentLog {
  count: number;
  episode: Int32Array;
  staff: Int32Array;
  start: Int32Array;
  /** Last day, or -1 while current. */
  end: Int32Array;
}

const never = 0x7fffffff;
const ep = model.episodes;
const raceLogOdds = Float64Array.from(raceValues, (r) => model.raceLogOdds[r] ?? 0);
const shortReasons = { values: [exitIndex.disengaged, exitIndex.other, exitIndex.moved, exitIndex.transferred], weights: cumulative([55, 25, 10, 10]) };
const returnAfter = new Float64Array(8);
for (const [reason, share] of Object.entries(ep.returnAfter)) returnAfter[exitIndex[reason as keyof typeof exitIndex]] = share;

/** Grows a typed array to hold at least n items. */
function fit<T extends Int32Array | Uint8Array | Int8Array>(array: T, n: number): T {
  if (n <= array.length) return array;
  const bigger = new (array.constructor as new (n: number) => T)(Math.max(n, array.length * 2));
  bigger.set(array);
  return bigger;
}

/** Linked lists of events per day, stored in flat arrays. */
class Calendar {
  head: Int32Array;
  next = new Int32Array(1024);
  a = new Int32Array(1024);
  b = new Int32Array(1024);
  private size = 0;
  constructor(private readonly first: number, days: number) {
    this.head = new Int32Array(days).fill(-1);
  }
  add(day: number, a: number, b: number): void {
    const i = this.size++;
    this.next = fit(this.next, this.size);
    this.a = fit(this.a, this.size);
    this.b = fit(this.b, this.size);
    this.a[i] = a;
    this.b[i] = b;
    this.next[i] = this.head[day - this.first];
    this.head[day - this.first] = i;
  }
  /** Removes and returns the day's first event, or -1. */
  take(day: number): number {
    const i = this.head[day - this.first];
    if (i >= 0) this.head[day - this.first] = this.next[i];
    return i;
  }
}

export function simulateEpisodes(random: Random, clients: ClientPlan, staff: StaffPlan, start: number, asOf: number): EpisodeLog {
  const days = asOf - start + 1;
  const members = staff.members;
  const staffCount = members.length;
  const reentryEffect = Float64Array.from(members, (m) => m.reentryEffect);
  const losEffect = Float64Array.from(members, (m) => m.losEffect);
  const amplifier = Float64Array.from(members, (m) => m.disparityAmplifier);
  const certified = Int32Array.from(members, (m) => (m.certified < 0 ? never : m.certified));

  // Episodes and their live state.
  let capacity = Math.max(1024, clients.count * 3);
  let n = 0;
  let client = new Int32Array(capacity), program = new Uint8Array(capacity), record = new Int32Array(capacity);
  let startDay = new Int32Array(capacity), endDay = new Int32Array(capacity), exit = new Int8Array(capacity);
  let planned = new Int32Array(capacity), ageOut = new Int32Array(capacity), current = new Int32Array(capacity);
  let flags = new Uint8Array(capacity), prevInCaseload = new Int32Array(capacity), nextInCaseload = new Int32Array(capacity);
  // The open assignment of each episode: the latest one begun for it.
  let lastAssignment = new Int32Array(capacity);
  const SHORT = 1, PRIMARY = 2;

  // Assignment segments, in the order they begin.
  let aCapacity = capacity;
  let a = 0;
  let aEpisode = new Int32Array(aCapacity), aStaff = new Int32Array(aCapacity), aStart = new Int32Array(aCapacity), aEnd = new Int32Array(aCapacity);

  // Caseloads: open episodes per facilitator, as an intrusive linked list, and the employed facilitators.
  const load = new Int32Array(staffCount);
  const caseloadHead = new Int32Array(staffCount).fill(-1);
  const active = new Int32Array(staffCount);
  const activeAt = new Int32Array(staffCount).fill(-1);
  let activeCount = 0;
  const openPrograms = new Uint8Array(clients.count);
  const lastProgram = new Int8Array(clients.count).fill(-1);

  const hires = [...staff.facilitators].sort((x, y) => members[x].hire - members[y].hire || x - y);
  const leavers = staff.facilitators.filter((i) => members[i].separation >= 0).sort((x, y) => members[x].separation - members[y].separation || x - y);
  let nextHire = 0, nextLeaver = 0;

  const referrals = new Calendar(start, days); // a = client, b = program (-1: choose) * 2 + primary
  const reassignments = new Calendar(start, days); // a = episode
  const exits = new Calendar(start, days); // a = episode
  const FIRST_CHOICE = -1; // program to be chosen (-1) and a primary referral: (-1 * 2) + 1
  for (let c = 0; c < clients.count; c++) referrals.add(clients.arrival[c], c, FIRST_CHOICE);

  const employ = (f: number): void => {
    activeAt[f] = activeCount;
    active[activeCount++] = f;
  };
  const dismiss = (f: number): void => {
    const at = activeAt[f];
    const last = active[--activeCount];
    active[at] = last;
    activeAt[last] = at;
    activeAt[f] = -1;
  };
  // Two random employed facilitators, the one with the smaller caseload: keeps caseloads even and bounded.
  const chooseFacilitator = (except: number): number => {
    if (activeCount === 0) throw new Error('no facilitator is employed on a day with a new case; use more facilitators');
    let best = -1;
    for (let tries = 0; tries < 2 || best < 0; tries++) {
      const f = active[random.int(activeCount)];
      if (f === except && activeCount > 1) continue;
      if (best < 0 || load[f] < load[best]) best = f;
      if (tries > 20) break;
    }
    return best;
  };
  const joinCaseload = (e: number, f: number): void => {
    current[e] = f;
    load[f]++;
    prevInCaseload[e] = -1;
    nextInCaseload[e] = caseloadHead[f];
    if (caseloadHead[f] >= 0) prevInCaseload[caseloadHead[f]] = e;
    caseloadHead[f] = e;
  };
  const leaveCaseload = (e: number): void => {
    const f = current[e];
    load[f]--;
    if (prevInCaseload[e] >= 0) nextInCaseload[prevInCaseload[e]] = nextInCaseload[e];
    else caseloadHead[f] = nextInCaseload[e];
    if (nextInCaseload[e] >= 0) prevInCaseload[nextInCaseload[e]] = prevInCaseload[e];
  };
  const beginAssignment = (e: number, f: number, day: number): void => {
    if (a === aCapacity) {
      aCapacity *= 2;
      aEpisode = fit(aEpisode, aCapacity); aStaff = fit(aStaff, aCapacity); aStart = fit(aStart, aCapacity); aEnd = fit(aEnd, aCapacity);
    }
    aEpisode[a] = e; aStaff[a] = f; aStart[a] = day; aEnd[a] = -1;
    lastAssignment[e] = a++;
    joinCaseload(e, f);
  };
  const exitDay = (e: number): number => Math.min(planned[e], ageOut[e]);
  const scheduleExit = (e: number): void => {
    const day = exitDay(e);
    if (day <= asOf) exits.add(day, e, 0);
  };

  /** Hands an open episode to another facilitator from `day`; the rest of the stay runs at the new facilitator's pace. */
  const reassign = (e: number, day: number, to: number): void => {
    const from = current[e];
    leaveCaseload(e);
    aEnd[lastAssignment[e]] = day - 1;
    beginAssignment(e, to, day);
    if (!(flags[e] & SHORT) && planned[e] > day) {
      const before = exitDay(e);
      planned[e] = day + Math.round((planned[e] - day) * Math.exp(losEffect[to] - losEffect[from]));
      if (exitDay(e) !== before) scheduleExit(e);
    }
  };

  const chooseProgram = (c: number, age: number, avoid: number): number => {
    const previous = lastProgram[c];
    if (previous >= 0 && previous !== avoid && !(openPrograms[c] & (1 << previous)) && eligible(programs[previous], age) && random.chance(ep.sameProgramShare)) return previous;
    let total = 0;
    for (let p = 0; p < programs.length; p++) if (p !== avoid && !(openPrograms[c] & (1 << p)) && eligible(programs[p], age)) total += programs[p].weight;
    if (total === 0) return -1;
    let x = random.next() * total;
    for (let p = 0; p < programs.length; p++) {
      if (p === avoid || openPrograms[c] & (1 << p) || !eligible(programs[p], age)) continue;
      x -= programs[p].weight;
      if (x < 0) return p;
    }
    return -1;
  };

  const open = (c: number, day: number, wanted: number, primary: boolean): void => {
    const birth = clients.birth[c];
    const age = ageOn(birth, day);
    const p = wanted >= 0 && eligible(programs[wanted], age) && !(openPrograms[c] & (1 << wanted)) ? wanted : chooseProgram(c, age, -1);
    if (p < 0) return;
    if (n === capacity) {
      capacity *= 2;
      client = fit(client, capacity); program = fit(program, capacity); record = fit(record, capacity);
      startDay = fit(startDay, capacity); endDay = fit(endDay, capacity); exit = fit(exit, capacity);
      planned = fit(planned, capacity); ageOut = fit(ageOut, capacity); current = fit(current, capacity);
      flags = fit(flags, capacity); prevInCaseload = fit(prevInCaseload, capacity); nextInCaseload = fit(nextInCaseload, capacity);
      lastAssignment = fit(lastAssignment, capacity);
    }
    const e = n++;
    const f = chooseFacilitator(-1);
    client[e] = c; program[e] = p; startDay[e] = day; endDay[e] = -1; exit[e] = -1;
    const short = random.chance(ep.shortStayShare);
    const stay = short ? random.int(8) : Math.round(programs[p].medianStay * Math.exp(ep.staySigma * random.normal() + losEffect[f]));
    planned[e] = day + stay;
    ageOut[e] = programs[p].maxAge < 120 ? birthday(birth, programs[p].maxAge + 1) : never;
    flags[e] = (short ? SHORT : 0) | (primary ? PRIMARY : 0);
    openPrograms[c] |= 1 << p;
    lastProgram[c] = p;
    beginAssignment(e, f, day);
    scheduleExit(e);
    if (!short && stay >= 30 && random.chance(ep.reassignmentShare)) {
      const when = day + 1 + random.int(stay - 1);
      if (when <= asOf) reassignments.add(when, e, 0);
    }
    // Some families are referred to a second program while the first is under way.
    if (primary && random.chance(ep.concurrentShare)) {
      const second = chooseProgram(c, age, p);
      const when = day + random.int(Math.min(45, stay) + 1);
      if (second >= 0 && when <= asOf) referrals.add(when, c, second * 2);
    }
  };

  const close = (e: number, day: number): void => {
    const f = current[e];
    const c = client[e];
    let reason: number;
    if (ageOut[e] === day && ageOut[e] <= planned[e]) reason = exitIndex.aged_out;
    else if (flags[e] & SHORT) reason = shortReasons.values[random.pick(shortReasons.weights)];
    else reason = exitReason(random, reentryEffect[f]);
    endDay[e] = day;
    exit[e] = reason;
    record[e] = f;
    aEnd[lastAssignment[e]] = day;
    leaveCaseload(e);
    openPrograms[c] &= ~(1 << program[e]);
    // Whether and when the client comes back is decided when they leave services altogether.
    if (openPrograms[c] !== 0) return;
    let gap = -1;
    if (communityExit[reason]) {
      const afterCertification = day >= certified[f] ? model.certification.reentryLogOdds : 0;
      const logOdds = model.reentryBaseLogOdds + reentryEffect[f] + raceLogOdds[clients.race[c]] * amplifier[f] + afterCertification;
      if (random.chance(logistic(logOdds))) gap = 1 + truncatedExponential(random, ep.reentryMeanDays, 365);
      else if (random.chance(ep.laterReturnShare)) gap = 366 + Math.floor(random.exponential(ep.laterReturnMeanDays));
    } else if (random.chance(returnAfter[reason])) {
      gap = 30 + Math.floor(random.exponential(300));
    }
    if (gap > 0 && day + gap <= asOf) referrals.add(day + gap, c, FIRST_CHOICE);
  };

  for (let day = start; day <= asOf; day++) {
    while (nextHire < hires.length && members[hires[nextHire]].hire <= day) employ(hires[nextHire++]);
    const firstLeaver = nextLeaver;
    while (nextLeaver < leavers.length && members[leavers[nextLeaver]].separation === day) dismiss(leavers[nextLeaver++]);
    // Everyone still on a leaver's caseload gets a new facilitator the day they leave.
    for (let i = firstLeaver; i < nextLeaver; i++) {
      const f = leavers[i];
      while (caseloadHead[f] >= 0) reassign(caseloadHead[f], day, chooseFacilitator(f));
    }
    for (let i = referrals.take(day); i >= 0; i = referrals.take(day)) {
      const c = referrals.a[i], code = referrals.b[i];
      open(c, day, code >> 1, (code & 1) === 1);
    }
    for (let i = reassignments.take(day); i >= 0; i = reassignments.take(day)) {
      const e = reassignments.a[i];
      const lastStart = aStart[lastAssignment[e]];
      if (endDay[e] < 0 && exitDay(e) >= day && lastStart < day && activeCount > 1) reassign(e, day, chooseFacilitator(current[e]));
    }
    for (let i = exits.take(day); i >= 0; i = exits.take(day)) {
      const e = exits.a[i];
      if (endDay[e] < 0 && exitDay(e) === day) close(e, day);
    }
  }
  for (let e = 0; e < n; e++) if (endDay[e] < 0) record[e] = current[e];

  return {
    count: n, client, program, facilitator: record, start: startDay, end: endDay, exit,
    assignments: { count: a, episode: aEpisode, staff: aStaff, start: aStart, end: aEnd },
  };
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

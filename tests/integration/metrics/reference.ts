// An independent reference calculation of metrics.md sections 1-6, straight from
// the CSV files of an extract, in plain loops. It imports nothing of metrics/,
// sql/ or etl/: every rule below is read off /work/shared/spec/metrics.md, and
// where the spec is silent the decision is marked "(spec silent)" with the
// reading taken. Clarity over speed: a generated extract of a few thousand
// episodes is small.
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';

// ------------------------------------------------------------------ dates

/** Whole days since 1970-01-01 of a YYYY-MM-DD date. */
export function day(iso: string): number {
  const [y, m, d] = iso.split('-').map(Number);
  return Date.UTC(y, m - 1, d) / 86_400_000;
}

export function iso(dayNumber: number): string {
  return new Date(dayNumber * 86_400_000).toISOString().slice(0, 10);
}

/** The same day of the month `months` later (only ever called on the 1st). */
function addMonths(isoDate: string, months: number): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  if (d !== 1) throw new Error(`addMonths is only used on a month's first day, got ${isoDate}`);
  return iso(Date.UTC(y, m - 1 + months, 1) / 86_400_000);
}

/** Byte order of two ids (metrics.md: "lowest episode id"; ids are opaque strings). */
export function byteCompare(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** Age in whole years on a date (the birthday of someone born on 29 February is 1 March in other years). */
function ageOn(birth: string, on: string): number {
  const [by, bm, bd] = birth.split('-').map(Number);
  const [y, m, d] = on.split('-').map(Number);
  const hadBirthday = m > bm || (m === bm && d >= bd);
  return y - by - (hadBirthday ? 0 : 1);
}

export function ageGroup(birth: string, on: string): string {
  const age = ageOn(birth, on);
  if (age < 0) throw new Error(`born ${birth} after ${on}`);
  if (age <= 5) return '0-5';
  if (age <= 11) return '6-11';
  if (age <= 17) return '12-17';
  if (age <= 24) return '18-24';
  if (age <= 44) return '25-44';
  if (age <= 64) return '45-64';
  return '65+';
}

// ------------------------------------------------------------------ the extract

export interface Staff {
  id: string;
  name: string;
  role: string;
  supervisorId: string | null;
  hire: string;
  separation: string | null;
  separationReason: string | null;
  certified: string | null;
}

export interface Client {
  id: string;
  birth: string;
  race: string;
  gender: string;
  language: string;
  county: string;
}

export interface Episode {
  id: string;
  clientId: string;
  program: string;
  facilitatorId: string;
  start: string;
  end: string | null;
  exitReason: string | null;
}

export interface Assignment {
  episodeId: string;
  staffId: string;
  start: string;
  end: string | null;
}

export interface Extract {
  asOf: string;
  staff: Staff[];
  clients: Client[];
  episodes: Episode[];
  assignments: Assignment[];
}

function readCsv(folder: string, file: string): Record<string, string>[] {
  const text = fs.readFileSync(path.join(folder, file), 'utf8');
  return parse(text, { columns: true, skip_empty_lines: true, bom: true }) as Record<string, string>[];
}

const orNull = (v: string | undefined): string | null => (v === undefined || v.trim() === '' ? null : v.trim());

export function readExtract(folder: string): Extract {
  const { asOf } = JSON.parse(fs.readFileSync(path.join(folder, 'extract.json'), 'utf8')) as { asOf: string };
  const staff = readCsv(folder, 'staff.csv').map((r) => ({
    id: r.staff_id.trim(),
    name: r.name.trim(),
    role: r.role.trim().toLowerCase(),
    supervisorId: orNull(r.supervisor_id),
    hire: r.hire_date.trim(),
    separation: orNull(r.separation_date),
    separationReason: orNull(r.separation_reason)?.toLowerCase() ?? null,
    certified: orNull(r.certified_date),
  }));
  const clients = readCsv(folder, 'clients.csv').map((r) => ({
    id: r.client_id.trim(),
    birth: r.birth_date.trim(),
    race: r.race_ethnicity.trim().toLowerCase(),
    gender: r.gender.trim().toLowerCase(),
    language: orNull(r.primary_language)?.toLowerCase() ?? 'unknown',
    county: orNull(r.county) ?? 'unknown',
  }));
  const episodes = readCsv(folder, 'episodes.csv').map((r) => ({
    id: r.episode_id.trim(),
    clientId: r.client_id.trim(),
    program: r.program.trim(),
    facilitatorId: r.facilitator_id.trim(),
    start: r.start_date.trim(),
    end: orNull(r.end_date),
    exitReason: orNull(r.exit_reason)?.toLowerCase() ?? null,
  }));
  const assignments = fs.existsSync(path.join(folder, 'assignments.csv'))
    ? readCsv(folder, 'assignments.csv').map((r) => ({
        episodeId: r.episode_id.trim(),
        staffId: r.staff_id.trim(),
        start: r.start_date.trim(),
        end: orNull(r.end_date),
      }))
    : [];
  return { asOf, staff, clients, episodes, assignments };
}

// ------------------------------------------------------------------ parameters

export type Dimension =
  | 'none' | 'facilitator' | 'supervisor' | 'program' | 'county'
  | 'race_ethnicity' | 'gender' | 'age_group' | 'primary_language';

export interface Request {
  from?: string;
  to?: string;
  window?: 180 | 365 | 730;
  minStay?: number;
  program?: string[];
  by?: Dimension;
}

export interface Resolved {
  from: string;
  to: string;
  window: 180 | 365 | 730;
  minStay: number;
  program: string[];
  by: Dimension;
}

/**
 * metrics.md "Common parameters": the default period is the 12 full calendar
 * months before asOf (asOf's own month is not full before asOf), for re-entry
 * shifted back by the follow-up window. (spec silent on how a window of days
 * shifts whole months: 180 / 365 / 730 days are read as 6 / 12 / 24 months,
 * which keeps the period 12 full calendar months.)
 */
export function resolve(request: Request, asOf: string, metric: 'reentry' | 'other'): Resolved {
  const window = request.window ?? 365;
  const shiftMonths = metric === 'reentry' ? { 180: 6, 365: 12, 730: 24 }[window] : 0;
  const firstOfAsOfMonth = asOf.slice(0, 8) + '01';
  if ((request.from === undefined) !== (request.to === undefined)) throw new Error('the reference takes both bounds or neither');
  const from = request.from ?? addMonths(firstOfAsOfMonth, -12 - shiftMonths);
  const to = request.to ?? iso(day(addMonths(firstOfAsOfMonth, -shiftMonths)) - 1);
  return { from, to, window, minStay: request.minStay ?? 8, program: request.program ?? [], by: request.by ?? 'none' };
}

// ------------------------------------------------------------------ the model

/** The extract with lookups: clients by id, each client's episodes, staff by id. */
export class Reference {
  readonly asOf: string;
  readonly clients = new Map<string, Client>();
  readonly staff = new Map<string, Staff>();
  readonly episodesOfClient = new Map<string, Episode[]>();

  constructor(readonly extract: Extract) {
    this.asOf = extract.asOf;
    for (const c of extract.clients) this.clients.set(c.id, c);
    for (const s of extract.staff) this.staff.set(s.id, s);
    for (const e of extract.episodes) {
      const list = this.episodesOfClient.get(e.clientId) ?? [];
      list.push(e);
      this.episodesOfClient.set(e.clientId, list);
    }
  }

  /** The group of an episode; the age group at exit for exit cohorts, at start for entry cohorts. */
  groupOf(e: Episode, by: Dimension, view: 'exit' | 'entry'): string {
    const client = this.clients.get(e.clientId)!;
    switch (by) {
      case 'none': return '';
      case 'facilitator': return e.facilitatorId;
      case 'supervisor': return this.staff.get(e.facilitatorId)?.supervisorId ?? 'unknown';
      case 'program': return e.program.toLowerCase();
      // Counties group as the filter compares them, case-insensitively (metrics/README: one key per county).
      case 'county': return client.county.toLowerCase();
      case 'race_ethnicity': return client.race;
      case 'gender': return client.gender;
      case 'primary_language': return client.language;
      case 'age_group': return ageGroup(client.birth, view === 'exit' ? e.end! : e.start);
    }
  }

  /** The program filter (metrics.md "filters"): all when empty; programs compare case-insensitively (data-contract.md). */
  private inPrograms(e: Episode, programs: string[]): boolean {
    return programs.length === 0 || programs.some((p) => p.trim().toLowerCase() === e.program.toLowerCase());
  }

  // ---------------------------------------------------------------- 1. re-entry

  reentry(request: Request): ProportionResult {
    const p = resolve(request, this.asOf, 'reentry');
    const result = new ProportionResult(['nonCommunityExit', 'shortStay', 'laterExitSameClient', 'incompleteFollowUp']);
    const community = ['completed', 'stepped_down', 'disengaged', 'other'];
    // The client's first eligible exit is chosen among all the period's exits (metrics.md 1: the program is
    // that of that episode); the program filter then chooses which exits are counted.
    const periodExits = this.extract.episodes.filter((e) => e.end !== null && p.from <= e.end && e.end <= p.to);
    const exits = periodExits.filter((e) => this.inPrograms(e, p.program));
    const eligible = (e: Episode) => community.includes(e.exitReason!) && day(e.end!) - day(e.start) >= p.minStay;
    for (const e of exits) {
      if (!community.includes(e.exitReason!)) {
        result.exclude('nonCommunityExit');
        continue;
      }
      if (day(e.end!) - day(e.start) < p.minStay) {
        result.exclude('shortStay');
        continue;
      }
      // The first eligible exit of the client in the period: earliest end date, then lowest episode id.
      const earlier = periodExits.some(
        (o) => o.clientId === e.clientId && o !== e && eligible(o) && (o.end! < e.end! || (o.end === e.end && byteCompare(o.id, e.id) < 0)),
      );
      if (earlier) {
        result.exclude('laterExitSameClient');
        continue;
      }
      if (day(e.end!) + p.window > day(this.asOf)) {
        result.exclude('incompleteFollowUp');
        continue;
      }
      // Another episode of the client, any program, with end_date < start_date <= end_date + window.
      const reentered = this.episodesOfClient
        .get(e.clientId)!
        .some((o) => o !== e && day(e.end!) < day(o.start) && day(o.start) <= day(e.end!) + p.window);
      result.count(this.groupOf(e, p.by, 'exit'), reentered);
    }
    return result;
  }

  // ---------------------------------------------------------------- 2. successful exits

  successfulExits(request: Request): ProportionResult {
    const p = resolve(request, this.asOf, 'other');
    const result = new ProportionResult(['outsideAgencyControl', 'shortStay']);
    for (const e of this.extract.episodes) {
      if (e.end === null || e.end < p.from || e.end > p.to || !this.inPrograms(e, p.program)) continue;
      if (e.exitReason === 'moved' || e.exitReason === 'transferred') result.exclude('outsideAgencyControl');
      else if (day(e.end) - day(e.start) < p.minStay) result.exclude('shortStay');
      else result.count(this.groupOf(e, p.by, 'exit'), e.exitReason === 'completed' || e.exitReason === 'stepped_down');
    }
    return result;
  }

  // ---------------------------------------------------------------- 3. repeat entries

  repeatEntries(request: Request): ProportionResult {
    const p = resolve(request, this.asOf, 'other');
    const result = new ProportionResult([]);
    for (const e of this.extract.episodes) {
      if (e.start < p.from || e.start > p.to || !this.inPrograms(e, p.program)) continue;
      // Another episode of the client that ended 1 to 365 days before this start (any program, no minimum stay).
      const repeat = this.episodesOfClient
        .get(e.clientId)!
        .some((o) => o !== e && o.end !== null && 0 < day(e.start) - day(o.end) && day(e.start) - day(o.end) <= 365);
      result.count(this.groupOf(e, p.by, 'entry'), repeat);
    }
    return result;
  }

  // ---------------------------------------------------------------- 4. time in services

  timeInServices(request: Request): { overall: Survival; groups: Map<string, Survival>; shortStay: number } {
    const p = resolve(request, this.asOf, 'other');
    const all: Duration[] = [];
    const byGroup = new Map<string, Duration[]>();
    let shortStay = 0;
    for (const e of this.extract.episodes) {
      if (e.start < p.from || e.start > p.to || !this.inPrograms(e, p.program)) continue;
      let d: Duration;
      if (e.end !== null) {
        const t = day(e.end) - day(e.start);
        // Excluded: end_date - start_date < minStay. (spec silent on open episodes: they have no
        // end_date, so the rule cannot apply; they stay in, censored at asOf - start_date.)
        if (t < p.minStay) {
          shortStay++;
          continue;
        }
        d = { t, event: true };
      } else {
        d = { t: day(this.asOf) - day(e.start), event: false };
      }
      all.push(d);
      const key = this.groupOf(e, p.by, 'entry');
      byGroup.set(key, [...(byGroup.get(key) ?? []), d]);
    }
    const groups = new Map<string, Survival>();
    if (p.by !== 'none') for (const [key, ds] of byGroup) groups.set(key, kaplanMeier(ds));
    return { overall: kaplanMeier(all), groups, shortStay };
  }

  // ---------------------------------------------------------------- 5. workforce

  /**
   * Workforce figures for staff with role facilitator, overall (group '') and per
   * `supervisor` (the staff member's own supervisor) or `certified` (certified on or before `to`).
   */
  workforce(request: Request, by: 'none' | 'supervisor' | 'certified'): Map<string, WorkforceFigures> {
    const p = resolve(request, this.asOf, 'other');
    const facilitators = this.extract.staff.filter((s) => s.role === 'facilitator');
    const keyOf = (s: Staff): string => {
      if (by === 'supervisor') return s.supervisorId ?? 'unknown';
      if (by === 'certified') return s.certified !== null && s.certified <= p.to ? 'yes' : 'no';
      return '';
    };
    // Continuity: episodes closed in the period (chosen programs, no minimum stay) with two or more
    // distinct facilitators, grouped by the facilitator of record (spec silent: of whatever role).
    const closed = this.extract.episodes.filter((e) => e.end !== null && p.from <= e.end && e.end <= p.to && this.inPrograms(e, p.program));
    const continuityOf = (episodes: Episode[]) => ({ n: episodes.length, events: episodes.filter((e) => this.facilitatorsOf(e).size >= 2).length });
    const result = new Map<string, WorkforceFigures>();
    result.set('', { ...this.workforceOf(facilitators, p), continuity: continuityOf(closed) });
    if (by !== 'none') {
      const keys = [...new Set([...facilitators.map(keyOf), ...closed.map((e) => keyOf(this.staff.get(e.facilitatorId)!))])];
      for (const key of keys) {
        result.set(key, {
          ...this.workforceOf(facilitators.filter((s) => keyOf(s) === key), p),
          continuity: continuityOf(closed.filter((e) => keyOf(this.staff.get(e.facilitatorId)!) === key)),
        });
      }
    }
    return result;
  }

  private workforceOf(staff: Staff[], p: Resolved): Omit<WorkforceFigures, 'continuity'> {
    const employedOn = (s: Staff, d: string) => s.hire <= d && (s.separation === null || s.separation > d);
    const headcount = (d: string) => staff.filter((s) => employedOn(s, d)).length;
    const start = headcount(p.from);
    const end = headcount(p.to);
    const leavers = staff.filter((s) => s.separation !== null && p.from <= s.separation && s.separation <= p.to);
    const separations = { all: leavers.length, voluntary: leavers.filter((s) => s.separationReason === 'voluntary').length };
    // Mean of the headcounts on the first day of each calendar month that starts in the period.
    // (spec silent on month starts after asOf: none of the periods tested reaches past asOf.)
    const monthStarts: string[] = [];
    for (let m = p.from.slice(0, 8) + '01'; m <= p.to; m = addMonths(m, 1)) if (m >= p.from) monthStarts.push(m);
    if (monthStarts.length === 0 || monthStarts.at(-1)! > this.asOf) throw new Error('the reference does not cover periods without month starts or beyond asOf');
    const average = monthStarts.reduce((sum, m) => sum + headcount(m), 0) / monthStarts.length;
    // (spec silent on "days in period": the period's inclusive dates, to - from + 1.)
    const daysInPeriod = day(p.to) - day(p.from) + 1;
    const annualised = (n: number) => (average > 0 ? (n / average) * (365 / daysInPeriod) : null);
    // Of staff employed on from, the share still employed on from + 365 (when from + 365 <= asOf).
    const yearLater = iso(day(p.from) + 365);
    const retention =
      yearLater <= this.asOf
        ? { n: start, events: staff.filter((s) => employedOn(s, p.from) && employedOn(s, yearLater)).length }
        : null;
    // Tenure: hire to separation, censored at asOf, over staff hired in the period.
    const tenure = kaplanMeier(
      staff
        .filter((s) => p.from <= s.hire && s.hire <= p.to)
        .map((s) => (s.separation !== null ? { t: day(s.separation) - day(s.hire), event: true } : { t: day(this.asOf) - day(s.hire), event: false })),
    );
    return { headcount: { start, end, average }, separations, turnover: { all: annualised(separations.all), voluntary: annualised(separations.voluntary) }, retention, tenure };
  }

  private assignmentsByEpisode: Map<string, Assignment[]> | undefined;

  /** The distinct staff assigned to an episode; without assignments, the facilitator of record alone. */
  private facilitatorsOf(e: Episode): Set<string> {
    if (!this.assignmentsByEpisode) {
      this.assignmentsByEpisode = new Map();
      for (const a of this.extract.assignments) this.assignmentsByEpisode.set(a.episodeId, [...(this.assignmentsByEpisode.get(a.episodeId) ?? []), a]);
    }
    const list = this.assignmentsByEpisode.get(e.id);
    return new Set(list && list.length > 0 ? list.map((a) => a.staffId) : [e.facilitatorId]);
  }
}

export interface WorkforceFigures {
  headcount: { start: number; end: number; average: number };
  separations: { all: number; voluntary: number };
  turnover: { all: number | null; voluntary: number | null };
  retention: { n: number; events: number } | null;
  tenure: Survival;
  continuity: { n: number; events: number };
}

// ------------------------------------------------------------------ proportions

export class ProportionResult {
  n = 0;
  events = 0;
  readonly excluded: Record<string, number> = {};
  readonly groups = new Map<string, { n: number; events: number }>();

  constructor(reasons: string[]) {
    for (const r of reasons) this.excluded[r] = 0;
  }

  exclude(reason: string): void {
    this.excluded[reason]++;
  }

  count(group: string, event: boolean): void {
    this.n++;
    if (event) this.events++;
    const g = this.groups.get(group) ?? { n: 0, events: 0 };
    g.n++;
    if (event) g.events++;
    this.groups.set(group, g);
  }
}

/** Wilson score 95% interval (metrics.md 6), z = 1.959964. */
export function wilson(events: number, n: number): { low: number; high: number } {
  const z = 1.959964;
  const p = events / n;
  const centre = p + (z * z) / (2 * n);
  const spread = z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
  return { low: (centre - spread) / (1 + (z * z) / n), high: (centre + spread) / (1 + (z * z) / n) };
}

// ------------------------------------------------------------------ Kaplan-Meier

export interface Duration {
  t: number;
  event: boolean;
}

export interface Survival {
  n: number;
  events: number;
  censored: number;
  median: number | null;
  q25: number | null;
  q75: number | null;
  stillInServices: Record<'90' | '180' | '365' | '730', number | null>;
}

/**
 * metrics.md 4: S(t) = product over event times t_j <= t of (1 - d_j / r_j), r_j
 * = durations >= t_j (censored at t_j still at risk). S is kept as an exact
 * fraction (BigInt) so "the smallest t with S(t) <= 1 - q" is decided exactly.
 */
export function kaplanMeier(durations: Duration[]): Survival {
  const times = [...new Set(durations.filter((d) => d.event).map((d) => d.t))].sort((a, b) => a - b);
  let num = 1n;
  let den = 1n;
  const steps: { t: number; num: bigint; den: bigint; s: number }[] = [];
  let s = 1;
  for (const t of times) {
    const r = durations.filter((d) => d.t >= t).length;
    const dj = durations.filter((d) => d.event && d.t === t).length;
    num *= BigInt(r - dj);
    den *= BigInt(r);
    const g = gcd(num, den);
    num /= g;
    den /= g;
    s *= 1 - dj / r;
    steps.push({ t, num, den, s });
  }
  // S(t) <= 1 - q  <=>  4 num <= (4 - 4q) den, exactly.
  const quantile = (quarters: bigint) => steps.find((st) => 4n * st.num <= (4n - quarters) * st.den)?.t ?? null;
  const longest = durations.reduce((m, d) => Math.max(m, d.t), -1);
  const at = (t: number): number | null => {
    // null where no one of the cohort was followed that long
    if (durations.length === 0 || longest < t) return null;
    let value = 1;
    for (const st of steps) if (st.t <= t) value = st.s;
    return value;
  };
  return {
    n: durations.length,
    events: durations.filter((d) => d.event).length,
    censored: durations.filter((d) => !d.event).length,
    median: quantile(2n),
    q25: quantile(1n),
    q75: quantile(3n),
    stillInServices: { '90': at(90), '180': at(180), '365': at(365), '730': at(730) },
  };
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a < 0n ? -a : a;
}

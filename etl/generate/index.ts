// generateExtract: a seeded synthetic extract in the data contract's format, plus truth.json with the planted effects.
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Random } from './random.ts';
import { DateTable, dayOf } from './calendar.ts';
import { planStaff, type StaffPlan } from './staff.ts';
import { planClients, type ClientPlan } from './clients.ts';
import { simulateEpisodes, type EpisodeLog } from './episodes.ts';
import { buildTruth, type GenerateOptions, type Truth } from './truth.ts';
import { CsvSink, field, idFormatter } from './write.ts';
import { counties, exitReasons, genderValues, programs, raceValues } from './vocabulary.ts';

export type { GenerateOptions, Truth, PlantedFacilitator } from './truth.ts';

export const defaults: Required<GenerateOptions> = { seed: 1, clients: 2000, facilitators: 40, start: '2019-01-01', asOf: '2025-06-30' };

export const headers = {
  'staff.csv': ['staff_id', 'name', 'role', 'supervisor_id', 'hire_date', 'separation_date', 'separation_reason', 'certified_date'],
  'clients.csv': ['client_id', 'birth_date', 'race_ethnicity', 'gender', 'primary_language', 'county'],
  'episodes.csv': ['episode_id', 'client_id', 'program', 'facilitator_id', 'start_date', 'end_date', 'exit_reason'],
  'assignments.csv': ['episode_id', 'staff_id', 'start_date', 'end_date'],
} as const;

export interface GenerateProgress {
  /** Called as each stage begins (for a progress line on a terminal). */
  onStage?: (stage: string) => void;
}

export async function generateExtract(folder: string, options: GenerateOptions = {}, progress: GenerateProgress = {}): Promise<Truth> {
  const params = checkOptions({ ...defaults, ...stripUndefined(options) });
  await refuseRealExtract(folder);
  const stage = progress.onStage ?? (() => {});
  const start = dayOf(params.start);
  const asOf = dayOf(params.asOf);
  // Separate streams per stage, so changing the number of clients does not reshuffle the workforce.
  stage('planning staff and clients');
  const staff = planStaff(new Random(params.seed * 4 + 1), params.facilitators, start, asOf);
  const clients = planClients(new Random(params.seed * 4 + 2), params.clients, start, asOf);
  stage('simulating episodes');
  const log = simulateEpisodes(new Random(params.seed * 4 + 3), clients, staff, start, asOf);
  stage('writing files');

  let first = start;
  for (const m of staff.members) first = Math.min(first, m.hire);
  for (let c = 0; c < clients.count; c++) first = Math.min(first, clients.birth[c]);
  const dates = new DateTable(first, asOf);

  await mkdir(folder, { recursive: true });
  await writeStaff(join(folder, 'staff.csv'), staff, dates);
  await writeClients(join(folder, 'clients.csv'), clients, dates);
  await writeEpisodes(join(folder, 'episodes.csv'), log, staff, clients.count, dates);
  await writeAssignments(join(folder, 'assignments.csv'), log, staff, dates);
  const extract = { asOf: params.asOf, source: `synthetic extract (outcomes generate, seed ${params.seed})` };
  await writeFile(join(folder, 'extract.json'), JSON.stringify(extract, null, 2) + '\n');
  const truth = buildTruth(params, staff, log, dates, clients.count);
  await writeFile(join(folder, 'truth.json'), JSON.stringify(truth, null, 2) + '\n');
  return truth;
}

/** Generated files overwrite a previous generated extract, never a real one (a folder without truth.json). */
async function refuseRealExtract(folder: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch {
    return;
  }
  const ours = [...Object.keys(headers), 'extract.json'];
  if (!names.includes('truth.json') && names.some((name) => ours.includes(name))) {
    throw new Error(`${folder} already holds an extract that was not generated (no truth.json); choose an empty folder.`);
  }
}

function stripUndefined(options: GenerateOptions): GenerateOptions {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
}

/** Rejects sizes and dates the generator cannot honour, with a sentence that names the option. */
function checkOptions(params: Required<GenerateOptions>): Required<GenerateOptions> {
  const whole = (name: string, value: number, min: number): void => {
    if (!Number.isInteger(value) || value < min) throw new RangeError(`${name} must be a whole number of at least ${min} (got ${value}).`);
  };
  whole('seed', params.seed, 0);
  whole('clients', params.clients, 1);
  whole('facilitators', params.facilitators, 3);
  if (params.seed > 0x3fffffff) throw new RangeError(`seed must be at most ${0x3fffffff} (got ${params.seed}).`);
  const named = (name: string, iso: string): number => {
    try {
      return dayOf(iso);
    } catch (error) {
      throw new RangeError(`${name}: ${(error as Error).message}.`);
    }
  };
  const start = named('start', params.start);
  const asOf = named('as-of', params.asOf);
  if (asOf - start < 365) throw new RangeError(`as-of (${params.asOf}) must be at least a year after start (${params.start}).`);
  return params;
}

async function writeStaff(path: string, staff: StaffPlan, dates: DateTable): Promise<void> {
  const sink = new CsvSink(path, headers['staff.csv']);
  const members = [...staff.members].sort((a, b) => (a.id < b.id ? -1 : 1));
  for (const m of members) {
    const supervisor = m.supervisor >= 0 ? staff.members[m.supervisor].id : '';
    const separation = m.separation >= 0 ? dates.iso(m.separation) : '';
    const certified = m.certified >= 0 ? dates.iso(m.certified) : '';
    sink.add(`${m.id},${field(m.name)},${m.role},${supervisor},${dates.iso(m.hire)},${separation},${m.separationReason},${certified}\n`);
  }
  await sink.close();
}

async function writeClients(path: string, clients: ClientPlan, dates: DateTable): Promise<void> {
  const sink = new CsvSink(path, headers['clients.csv']);
  const clientId = idFormatter('C', clients.count, 6);
  const languages = clients.languages.map(field);
  const countyNames = counties.map(field);
  for (let c = 0; c < clients.count; c++) {
    sink.add(`${clientId(c)},${dates.iso(clients.birth[c])},${raceValues[clients.race[c]]},${genderValues[clients.gender[c]]},${languages[clients.language[c]]},${countyNames[clients.county[c]]}\n`);
    if (sink.full) await sink.flush();
  }
  await sink.close();
}

async function writeEpisodes(path: string, log: EpisodeLog, staff: StaffPlan, clientCount: number, dates: DateTable): Promise<void> {
  const sink = new CsvSink(path, headers['episodes.csv']);
  const episodeId = idFormatter('E', log.count, 7);
  const clientId = idFormatter('C', clientCount, 6);
  const programNames = programs.map((p) => field(p.name));
  for (let e = 0; e < log.count; e++) {
    const closed = log.end[e] >= 0;
    const end = closed ? dates.iso(log.end[e]) : '';
    const reason = closed ? exitReasons[log.exit[e]] : '';
    sink.add(`${episodeId(e)},${clientId(log.client[e])},${programNames[log.program[e]]},${staff.members[log.facilitator[e]].id},${dates.iso(log.start[e])},${end},${reason}\n`);
    if (sink.full) await sink.flush();
  }
  await sink.close();
}

async function writeAssignments(path: string, log: EpisodeLog, staff: StaffPlan, dates: DateTable): Promise<void> {
  const sink = new CsvSink(path, headers['assignments.csv']);
  const episodeId = idFormatter('E', log.count, 7);
  const { count, episode, staff: who, start, end } = log.assignments;
  // Counting sort by episode keeps each episode's assignments in the order they began.
  const offsets = new Int32Array(log.count + 1);
  for (let i = 0; i < count; i++) offsets[episode[i] + 1]++;
  for (let e = 0; e < log.count; e++) offsets[e + 1] += offsets[e];
  const order = new Int32Array(count);
  for (let i = 0; i < count; i++) order[offsets[episode[i]]++] = i;
  for (let k = 0; k < count; k++) {
    const i = order[k];
    const last = end[i] >= 0 ? dates.iso(end[i]) : '';
    sink.add(`${episodeId(episode[i])},${staff.members[who[i]].id},${dates.iso(start[i])},${last}\n`);
    if (sink.full) await sink.flush();
  }
  await sink.close();
}

// A tiny warehouse written straight into staff/clients/episodes, with a committed
// import run for the as-of date and the marts rebuilt, as the importer leaves it.
import type { Warehouse } from '../../../../sql/db.ts';
import { refreshMarts } from '../../../../sql/marts.ts';

/** [episode_id, client_id, start_date, end_date, exit_reason, program?, facilitator_id?] */
export type EpisodeRow = [string, string, string, string | null, string | null, string?, string?];

export interface ClientRow {
  id: string;
  birth?: string;
  race?: string;
  gender?: string;
  language?: string;
  county?: string;
}

export interface Fixture {
  asOf: string;
  clients?: ClientRow[];
  episodes: EpisodeRow[];
}

/** Facilitators f1, f2 (team of supervisor s1) and f3 (no supervisor). */
const staff = [
  ['s1', 'Sam Supervisor', 'supervisor', null],
  ['f1', 'Alex Ames', 'facilitator', 's1'],
  ['f2', 'Blair Burns', 'facilitator', 's1'],
  ['f3', 'Casey Cole', 'facilitator', null],
] as const;

/** Replaces the warehouse content with the fixture; clients not listed get defaults. */
export async function loadFixture(warehouse: Warehouse, fixture: Fixture): Promise<void> {
  const listed = new Map((fixture.clients ?? []).map((c) => [c.id, c]));
  for (const [, clientId] of fixture.episodes) if (!listed.has(clientId)) listed.set(clientId, { id: clientId });
  await warehouse.transaction(async (c) => {
    await c.query('TRUNCATE staff, clients, episodes, assignments, import_runs CASCADE');
    for (const [id, name, role, supervisor] of staff) {
      await c.query('INSERT INTO staff (staff_id, name, role, supervisor_id, hire_date) VALUES ($1, $2, $3, $4, $5)', [id, name, role, supervisor, '2015-01-01']);
    }
    for (const cl of listed.values()) {
      await c.query(
        'INSERT INTO clients (client_id, birth_date, race_ethnicity, gender, primary_language, county) VALUES ($1, $2, $3, $4, $5, $6)',
        [cl.id, cl.birth ?? '2010-01-01', cl.race ?? 'white', cl.gender ?? 'female', cl.language ?? 'english', cl.county ?? 'Lake'],
      );
    }
    for (const [id, client, start, end, reason, program, facilitator] of fixture.episodes) {
      await c.query(
        'INSERT INTO episodes (episode_id, client_id, program, facilitator_id, start_date, end_date, exit_reason) VALUES ($1, $2, $3, $4, $5, $6, $7)',
        [id, client, program ?? 'Wraparound', facilitator ?? 'f1', start, end, reason],
      );
    }
    await c.query("INSERT INTO import_runs (status, folder, as_of, finished_at) VALUES ('committed', 'fixture', $1, now())", [fixture.asOf]);
    await refreshMarts(c);
  });
}

/** Clients who each exit once in 2023; `events` of them start again 30 days later (re-entry), or complete (success). */
export function groupOfExits(prefix: string, race: string, n: number, events: number): { episodes: EpisodeRow[]; clients: ClientRow[] } {
  const episodes: EpisodeRow[] = [];
  const clients: ClientRow[] = [];
  for (let i = 0; i < n; i++) {
    const client = `${prefix}${i}`;
    clients.push({ id: client, race });
    const event = i < events;
    episodes.push([`${client}-a`, client, '2023-01-01', '2023-03-01', event ? 'completed' : 'disengaged']);
    if (event) episodes.push([`${client}-b`, client, '2023-03-31', null, null]);
  }
  return { episodes, clients };
}

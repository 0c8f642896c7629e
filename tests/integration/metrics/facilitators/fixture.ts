// A small warehouse for the facilitator tests: staff, clients and episodes written straight into the
// tables (a few set-based INSERTs), a committed import run for asOf, and the marts rebuilt.
import type { Warehouse } from '../../../../sql/db.ts';
import { refreshMarts } from '../../../../sql/marts.ts';

export interface StaffRow {
  id: string;
  name: string;
  role?: 'facilitator' | 'supervisor' | 'other';
  supervisor?: string | null;
  hire?: string;
  separation?: string | null;
  certified?: string | null;
}

export interface ClientRow {
  id: string;
  birth?: string;
  race?: string;
  gender?: string;
  county?: string;
  language?: string;
}

export interface EpisodeRow {
  id: string;
  client: string;
  facilitator: string;
  start: string;
  end?: string | null;
  reason?: string | null;
  program?: string;
}

export interface Fixture {
  asOf: string;
  staff: StaffRow[];
  clients: ClientRow[];
  episodes: EpisodeRow[];
}

/** Replaces the warehouse content with the fixture. Clients default to White girls born 2010-01-01 in Lake county, language unknown. */
export async function loadFixture(warehouse: Warehouse, f: Fixture): Promise<void> {
  await warehouse.transaction(async (c) => {
    await c.query('TRUNCATE staff, clients, episodes, assignments, import_runs CASCADE');
    await c.query(
      `INSERT INTO staff (staff_id, name, role, supervisor_id, hire_date, separation_date, separation_reason, certified_date)
       SELECT id, name, role, sup, hire, sep, CASE WHEN sep IS NULL THEN NULL ELSE 'voluntary' END, cert
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::date[], $6::date[], $7::date[]) AS t (id, name, role, sup, hire, sep, cert)`,
      [
        f.staff.map((s) => s.id), f.staff.map((s) => s.name), f.staff.map((s) => s.role ?? 'facilitator'),
        f.staff.map((s) => s.supervisor ?? null), f.staff.map((s) => s.hire ?? '2015-01-01'),
        f.staff.map((s) => s.separation ?? null), f.staff.map((s) => s.certified ?? null),
      ],
    );
    await c.query(
      `INSERT INTO clients (client_id, birth_date, race_ethnicity, gender, county, primary_language)
       SELECT * FROM unnest($1::text[], $2::date[], $3::text[], $4::text[], $5::text[], $6::text[])`,
      [
        f.clients.map((x) => x.id), f.clients.map((x) => x.birth ?? '2010-01-01'), f.clients.map((x) => x.race ?? 'white'),
        f.clients.map((x) => x.gender ?? 'female'), f.clients.map((x) => x.county ?? 'Lake'), f.clients.map((x) => x.language ?? 'unknown'),
      ],
    );
    await c.query(
      `INSERT INTO episodes (episode_id, client_id, program, facilitator_id, start_date, end_date, exit_reason)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::date[], $6::date[], $7::text[])`,
      [
        f.episodes.map((e) => e.id), f.episodes.map((e) => e.client), f.episodes.map((e) => e.program ?? 'Wraparound'),
        f.episodes.map((e) => e.facilitator), f.episodes.map((e) => e.start), f.episodes.map((e) => e.end ?? null),
        f.episodes.map((e) => e.reason ?? null),
      ],
    );
    await c.query("INSERT INTO import_runs (status, folder, as_of, finished_at) VALUES ('committed', 'fixture', $1, now())", [f.asOf]);
    await refreshMarts(c);
  });
}

/** How one facilitator's cases come out: n cases of which `events` had the metric's event. */
export interface Pattern {
  facilitator: string;
  n: number;
  events: number;
}

/**
 * Writes each pattern three times over, in three periods that do not touch each other (asOf 2024-12-31):
 * - re-entry, exits in 2023-Q1: a community exit on 2023-02-01 after 62 days; an event re-enters on 2023-03-01;
 * - successful exits, exits in 2023-Q3: an exit on 2023-08-01 after 61 days, completed (event) or disengaged;
 * - repeat entries, entries in 2024-Q1: an entry on 2024-02-01; an event follows an exit on 2024-01-15.
 * Each case is its own client, so the three metrics count exactly the pattern's n and events.
 */
export function patternCases(patterns: Pattern[], f: Fixture): void {
  for (const { facilitator, n, events } of patterns) {
    for (let i = 0; i < n; i++) {
      const event = i < events;
      const id = `${facilitator}-${i}`;
      f.clients.push({ id: `r-${id}` }, { id: `s-${id}` }, { id: `e-${id}` });
      f.episodes.push({ id: `r-${id}-1`, client: `r-${id}`, facilitator, start: '2022-12-01', end: '2023-02-01', reason: 'completed' });
      if (event) f.episodes.push({ id: `r-${id}-2`, client: `r-${id}`, facilitator, start: '2023-03-01' });
      f.episodes.push({ id: `s-${id}`, client: `s-${id}`, facilitator, start: '2023-06-01', end: '2023-08-01', reason: event ? 'completed' : 'disengaged' });
      if (event) f.episodes.push({ id: `e-${id}-0`, client: `e-${id}`, facilitator, start: '2023-10-01', end: '2024-01-15', reason: 'completed' });
      f.episodes.push({ id: `e-${id}-1`, client: `e-${id}`, facilitator, start: '2024-02-01' });
    }
  }
}

export const periods = {
  reentry: { from: '2023-01-01', to: '2023-03-31' },
  'successful-exits': { from: '2023-07-01', to: '2023-09-30' },
  'repeat-entries': { from: '2024-01-01', to: '2024-03-31' },
} as const;

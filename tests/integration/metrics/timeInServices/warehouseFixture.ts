// Loads a tiny warehouse (staff, clients, episodes, assignments, a committed
// import run) and rebuilds the marts, replacing whatever the suite loaded before.
import type { Warehouse } from '../../../../sql/db.ts';
import { refreshMarts } from '../../../../sql/marts.ts';

export interface StaffRow {
  id: string;
  name?: string;
  role?: 'facilitator' | 'supervisor' | 'other';
  supervisor?: string | null;
  hired: string;
  separated?: string | null;
  reason?: 'voluntary' | 'involuntary' | 'other' | null;
  certified?: string | null;
}

export interface ClientRow {
  id: string;
  born?: string;
  race?: string;
  gender?: string;
  language?: string;
  county?: string;
}

export interface EpisodeRow {
  id: string;
  client: string;
  start: string;
  end?: string | null;
  reason?: string | null;
  program?: string;
  facilitator?: string;
}

export interface AssignmentRow {
  episode: string;
  staff: string;
  start: string;
  end?: string | null;
}

export interface WarehouseFixture {
  asOf: string;
  staff?: StaffRow[];
  clients?: ClientRow[];
  episodes?: EpisodeRow[];
  assignments?: AssignmentRow[];
}

/** A facilitator of record for fixtures that are not about staff. */
const defaultStaff: StaffRow[] = [{ id: 'f1', name: 'Facilitator One', hired: '2015-01-01' }];

export async function loadWarehouse(warehouse: Warehouse, fixture: WarehouseFixture): Promise<void> {
  await warehouse.transaction(async (c) => {
    await c.exec('TRUNCATE assignments, episodes, clients, staff, import_runs RESTART IDENTITY CASCADE');
    for (const s of fixture.staff ?? defaultStaff) {
      await c.query(
        `INSERT INTO staff (staff_id, name, role, supervisor_id, hire_date, separation_date, separation_reason, certified_date)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [s.id, s.name ?? `Staff ${s.id}`, s.role ?? 'facilitator', s.supervisor ?? null, s.hired, s.separated ?? null,
          s.separated ? (s.reason ?? 'voluntary') : null, s.certified ?? null],
      );
    }
    for (const cl of fixture.clients ?? []) {
      await c.query(
        `INSERT INTO clients (client_id, birth_date, race_ethnicity, gender, primary_language, county) VALUES ($1, $2, $3, $4, $5, $6)`,
        [cl.id, cl.born ?? '2010-06-15', cl.race ?? 'white', cl.gender ?? 'female', cl.language ?? 'english', cl.county ?? 'north'],
      );
    }
    for (const e of fixture.episodes ?? []) {
      await c.query(
        `INSERT INTO episodes (episode_id, client_id, program, facilitator_id, start_date, end_date, exit_reason) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [e.id, e.client, e.program ?? 'wraparound', e.facilitator ?? 'f1', e.start, e.end ?? null, e.end ? (e.reason ?? 'completed') : null],
      );
    }
    for (const a of fixture.assignments ?? []) {
      await c.query(`INSERT INTO assignments (episode_id, staff_id, start_date, end_date) VALUES ($1, $2, $3, $4)`, [
        a.episode, a.staff, a.start, a.end ?? null,
      ]);
    }
    await c.query(`INSERT INTO import_runs (status, folder, as_of, finished_at) VALUES ('committed', 'fixture', $1, now())`, [fixture.asOf]);
    await refreshMarts(c);
  });
}

// Staging tables for one import: temporary, dropped at COMMIT or ROLLBACK,
// holding each accepted row with its line number until set-based checks pass.
import type { Client } from '../../sql/db.ts';
import type { CsvFile } from '../contract.ts';

export const stagingTable: Record<CsvFile, string> = {
  'staff.csv': 'stage_staff',
  'clients.csv': 'stage_clients',
  'episodes.csv': 'stage_episodes',
  'assignments.csv': 'stage_assignments',
};

export async function createStagingTables(client: Client): Promise<void> {
  await client.exec(`
    CREATE TEMP TABLE stage_staff (line int NOT NULL, staff_id text, name text, role text, supervisor_id text,
      hire_date date, separation_date date, separation_reason text, certified_date date) ON COMMIT DROP;
    CREATE TEMP TABLE stage_clients (line int NOT NULL, client_id text, birth_date date, race_ethnicity text,
      gender text, primary_language text, county text) ON COMMIT DROP;
    CREATE TEMP TABLE stage_episodes (line int NOT NULL, episode_id text, client_id text, program text,
      facilitator_id text, start_date date, end_date date, exit_reason text) ON COMMIT DROP;
    CREATE TEMP TABLE stage_assignments (line int NOT NULL, episode_id text, staff_id text, start_date date,
      end_date date) ON COMMIT DROP;
  `);
}

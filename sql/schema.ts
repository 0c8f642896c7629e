// Kysely types of the warehouse tables (dates are 'YYYY-MM-DD' strings).
import type { ColumnType, Generated } from 'kysely';

type DateString = string;

export interface StaffTable {
  staff_id: string;
  name: string;
  role: 'facilitator' | 'supervisor' | 'other';
  supervisor_id: string | null;
  hire_date: DateString;
  separation_date: DateString | null;
  separation_reason: 'voluntary' | 'involuntary' | 'other' | null;
  certified_date: DateString | null;
  import_run_id: number | null;
}

export interface ClientsTable {
  client_id: string;
  birth_date: DateString;
  race_ethnicity: string;
  gender: string;
  primary_language: string;
  county: string;
  import_run_id: number | null;
}

export interface EpisodesTable {
  episode_id: string;
  client_id: string;
  program: string;
  facilitator_id: string;
  start_date: DateString;
  end_date: DateString | null;
  exit_reason: string | null;
  import_run_id: number | null;
}

export interface AssignmentsTable {
  episode_id: string;
  staff_id: string;
  start_date: DateString;
  end_date: DateString | null;
  import_run_id: number | null;
}

export interface ImportRunsTable {
  id: Generated<number>;
  started_at: ColumnType<Date, Date | string | undefined, Date | string>;
  finished_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  status: 'running' | 'committed' | 'aborted' | 'failed';
  folder: string;
  as_of: DateString | null;
  source: string | null;
  replace_all: boolean;
  files: ColumnType<Record<string, { read: number; loaded: number; rejected: number }>, string, string>;
  warnings: ColumnType<string[], string, string>;
  message: string | null;
}

export interface ImportRejectsTable {
  id: Generated<number>;
  run_id: number;
  file: string;
  line: number;
  column_name: string | null;
  reason: string;
  raw_line: string | null;
}

export interface Database {
  staff: StaffTable;
  clients: ClientsTable;
  episodes: EpisodesTable;
  assignments: AssignmentsTable;
  import_runs: ImportRunsTable;
  import_rejects: ImportRejectsTable;
}

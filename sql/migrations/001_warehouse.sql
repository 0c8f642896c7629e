-- The warehouse: case records as imported (no client names, ever), and the
-- record of every import run with its rejected rows.

CREATE TABLE import_runs (
  id              serial PRIMARY KEY,
  started_at      timestamptz NOT NULL DEFAULT now(),
  finished_at     timestamptz,
  -- running | committed | aborted (file error or reject-rate guard) | failed (unexpected error)
  status          text NOT NULL DEFAULT 'running',
  folder          text NOT NULL,
  as_of           date,
  source          text,
  replace_all     boolean NOT NULL DEFAULT false,
  -- per file: { "episodes.csv": { "read": 10, "loaded": 9, "rejected": 1 } }
  files           jsonb NOT NULL DEFAULT '{}'::jsonb,
  warnings        jsonb NOT NULL DEFAULT '[]'::jsonb,
  message         text
);
CREATE INDEX import_runs_status_idx ON import_runs (status, id);

CREATE TABLE import_rejects (
  id          bigserial PRIMARY KEY,
  run_id      integer NOT NULL REFERENCES import_runs (id) ON DELETE CASCADE,
  file        text NOT NULL,
  line        integer NOT NULL,
  column_name text,
  reason      text NOT NULL,
  raw_line    text
);
CREATE INDEX import_rejects_run_idx ON import_rejects (run_id, file, line);

CREATE TABLE staff (
  staff_id          text PRIMARY KEY,
  name              text NOT NULL,
  role              text NOT NULL CHECK (role IN ('facilitator', 'supervisor', 'other')),
  -- checked by the importer, not a foreign key, so a whole team can arrive in any order
  supervisor_id     text,
  hire_date         date NOT NULL,
  separation_date   date CHECK (separation_date >= hire_date),
  separation_reason text CHECK (separation_reason IN ('voluntary', 'involuntary', 'other')),
  certified_date    date,
  import_run_id     integer
);
CREATE INDEX staff_supervisor_idx ON staff (supervisor_id);

CREATE TABLE clients (
  client_id        text PRIMARY KEY,
  birth_date       date NOT NULL,
  race_ethnicity   text NOT NULL,
  gender           text NOT NULL,
  primary_language text NOT NULL DEFAULT 'unknown',
  county           text NOT NULL DEFAULT 'unknown',
  import_run_id    integer
);

CREATE TABLE episodes (
  episode_id     text PRIMARY KEY,
  client_id      text NOT NULL REFERENCES clients (client_id),
  program        text NOT NULL,
  facilitator_id text NOT NULL REFERENCES staff (staff_id),
  start_date     date NOT NULL,
  end_date       date CHECK (end_date >= start_date),
  exit_reason    text CHECK (exit_reason IN ('completed', 'stepped_down', 'disengaged', 'out_of_home', 'moved', 'aged_out', 'transferred', 'other')),
  import_run_id  integer
);
CREATE INDEX episodes_client_idx ON episodes (client_id, start_date);
CREATE INDEX episodes_facilitator_idx ON episodes (facilitator_id);

CREATE TABLE assignments (
  episode_id    text NOT NULL REFERENCES episodes (episode_id) ON DELETE CASCADE,
  staff_id      text NOT NULL REFERENCES staff (staff_id),
  start_date    date NOT NULL,
  end_date      date,
  import_run_id integer,
  PRIMARY KEY (episode_id, staff_id, start_date)
);
CREATE INDEX assignments_staff_idx ON assignments (staff_id);

-- The outcome mart: one row per episode with every derived figure the metrics
-- need, so a metric is a filter and a SUM over an indexed table instead of a
-- scan of raw records with self-joins. Rebuilt by sql/marts/010_episode_facts.sql.
CREATE TABLE episode_facts (
  episode_id          text PRIMARY KEY,
  client_id           text NOT NULL,
  program             text NOT NULL,      -- lower(trim(program)): programs compare case-insensitively
  facilitator_id      text NOT NULL,      -- facilitator of record
  supervisor_id       text,               -- that facilitator's supervisor
  start_date          date NOT NULL,
  end_date            date,
  exit_reason         text,
  length_days         integer,            -- end_date - start_date; null while open
  community_exit      boolean NOT NULL,   -- completed, stepped_down, disengaged, other
  success_eligible    boolean NOT NULL,   -- closed, and not moved or transferred
  successful          boolean NOT NULL,   -- completed or stepped_down
  days_to_next_entry  integer,            -- days from end_date to the client's next start strictly after it
  days_since_prev_end integer,            -- days from the client's latest earlier end (strictly before start) to start_date
  prior_episodes      integer NOT NULL,   -- the client's episodes that started before this start_date
  prior_bucket        text NOT NULL,      -- '0', '1', '2+'
  age_group_at_start  text NOT NULL,
  age_group_at_exit   text,
  race_ethnicity      text NOT NULL,
  gender              text NOT NULL,
  primary_language    text NOT NULL,
  county              text NOT NULL,
  facilitator_count   integer NOT NULL    -- distinct facilitators over the episode (1 without assignments)
);
CREATE INDEX episode_facts_end_idx ON episode_facts (end_date);
CREATE INDEX episode_facts_start_idx ON episode_facts (start_date);
CREATE INDEX episode_facts_facilitator_idx ON episode_facts (facilitator_id);
CREATE INDEX episode_facts_client_idx ON episode_facts (client_id);

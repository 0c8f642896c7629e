-- The facilitator comparison (metrics.md 8) in a narrow form it reads quickly: one row per episode with only
-- what the comparison counts, the facilitator, case-mix stratum and client groups as small numbers, and the
-- strata's cases per month. sql/marts/070_facilitator_cases.sql fills them; metrics/facilitators/getCaseCounts.ts
-- decides when a request can be answered from them.

-- Facilitators of record, numbered in byte order of their staff id.
CREATE TABLE facilitator_codes (
  code     integer PRIMARY KEY,
  staff_id text NOT NULL
);

-- Case-mix strata (program x age group x prior-episodes bucket), numbered.
CREATE TABLE case_mix_strata (
  code         smallint PRIMARY KEY,
  program      text NOT NULL,
  age_group    text NOT NULL,
  prior_bucket text NOT NULL
);

-- The heat map's client groups (county, race_ethnicity, gender, age_group, primary_language), numbered per
-- dimension (programs are read off the case-mix stratum).
CREATE TABLE case_groups (
  dimension text NOT NULL,
  code      smallint NOT NULL,
  key       text NOT NULL,
  PRIMARY KEY (dimension, code)
);

-- One row per episode, in exit order.
CREATE TABLE facilitator_cases (
  start_date         date NOT NULL,
  end_date           date,
  prev_eligible_end  date,               -- the client's previous eligible exit (episode_facts.prev_eligible_end)
  facilitator        integer NOT NULL,   -- facilitator_codes.code of the facilitator of record
  exit_stratum       smallint,           -- case_mix_strata.code with the age group at exit (closed episodes)
  entry_stratum      smallint NOT NULL,  -- ... at start
  days_to_next_entry integer,
  reentry_case       boolean NOT NULL,   -- a community exit after at least 8 days (re-entry's cases at the default minStay)
  success_case       boolean NOT NULL,   -- a success-eligible exit after at least 8 days (successful exits' cases)
  successful         boolean NOT NULL,
  repeat_entry       boolean NOT NULL,   -- the client's previous exit ended at most 365 days before the start
  county             smallint NOT NULL,  -- case_groups.code in its dimension
  race_ethnicity     smallint NOT NULL,
  gender             smallint NOT NULL,
  exit_age_group     smallint,           -- closed episodes
  entry_age_group    smallint NOT NULL,
  primary_language   smallint NOT NULL
);
-- Each metric's cases in their own index holding every column its comparison reads, so a period's cases are read
-- from the index alone (an index-only scan, once VACUUM has marked the table's pages all-visible: sql/marts.ts
-- settleMarts runs it after each commit that rebuilt the marts).
CREATE INDEX facilitator_cases_reentry_idx ON facilitator_cases (end_date)
  INCLUDE (prev_eligible_end, facilitator, exit_stratum, days_to_next_entry, county, race_ethnicity, gender, exit_age_group, primary_language)
  WHERE reentry_case;
CREATE INDEX facilitator_cases_success_idx ON facilitator_cases (end_date)
  INCLUDE (facilitator, exit_stratum, successful, county, race_ethnicity, gender, exit_age_group, primary_language)
  WHERE success_case;
CREATE INDEX facilitator_cases_entry_idx ON facilitator_cases (start_date)
  INCLUDE (facilitator, entry_stratum, repeat_entry, county, race_ethnicity, gender, entry_age_group, primary_language);

-- The strata's cases per month: their agency-wide rates over whole months without reading the cases.
-- metric: 1 = re-entry, 2 = successful exits, 3 = repeat entries.
CREATE TABLE case_mix_month_counts (
  metric          smallint NOT NULL,
  month           date NOT NULL,      -- first day of the month of the exit (1, 2) or entry (3)
  prev_exit_month date,               -- 1: first day of the month of prev_eligible_end
  stratum         smallint NOT NULL,
  cases           integer NOT NULL,
  events          integer NOT NULL,   -- 1: re-entered within 365 days; 2: successful; 3: repeat entries
  reentered_180   integer NOT NULL,   -- 1 only
  reentered_730   integer NOT NULL    -- 1 only
);
CREATE INDEX case_mix_month_counts_idx ON case_mix_month_counts (metric, month);

-- Built by the next mart refresh (`migrate` rebuilds marts whose definition changed).
DELETE FROM mart_state;

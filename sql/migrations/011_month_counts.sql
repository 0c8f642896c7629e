-- Additive counts per calendar month, so the dashboard's usual request (whole months, no program or county
-- filter) sums a few thousand rows instead of reading a year of episodes (about 200,000 at 1M). One row per
-- dimension, group, month and class of episode; dimension 'none' has a null key (the whole agency).
-- metrics/monthCounts.ts decides when a request can be answered from them.

-- Exits, for re-entry and successful exits (sql/marts/050_exit_month_counts.sql).
CREATE TABLE exit_month_counts (
  exit_month             date NOT NULL,      -- first day of the month of end_date
  months_since_prev_exit smallint,           -- eligible exits: months from the client's previous eligible exit (prev_eligible_end) to this one; null when none within 23 months
  community_exit         boolean NOT NULL,
  success_eligible       boolean NOT NULL,
  short_stay             boolean NOT NULL,   -- length_days < 8 (metrics.md's default minStay)
  exits                  integer NOT NULL,
  successful             integer NOT NULL,   -- completed or stepped down
  reentered_180          integer NOT NULL,   -- the client started again within 180 days after the exit
  reentered_365          integer NOT NULL,
  reentered_730          integer NOT NULL,
  changed_facilitator    integer NOT NULL,   -- two or more distinct facilitators over the episode (workforce continuity)
  dimension              text NOT NULL,      -- a `by` value of metrics.md, or 'none'
  key                    text                -- the group, as metrics/dimensions.ts keys it (age group at exit)
);
CREATE INDEX exit_month_counts_idx ON exit_month_counts (dimension, exit_month);

-- Entries, for repeat entries and time in services' life tables (sql/marts/060_entry_month_counts.sql).
-- Not kept per facilitator or supervisor: durations by day per staff member are as many rows as episodes.
CREATE TABLE entry_month_counts (
  start_month    date NOT NULL,     -- first day of the month of start_date
  length_days    integer,           -- closed episodes: end_date - start_date; null while open
  open_start     date,              -- open episodes: start_date (time in services runs to asOf); null when closed
  entries        integer NOT NULL,
  repeat_entries integer NOT NULL,  -- the client's previous exit ended at most 365 days before the start
  dimension      text NOT NULL,
  key            text               -- age group at start
);
CREATE INDEX entry_month_counts_idx ON entry_month_counts (dimension, start_month);

-- Built by the next mart refresh (`migrate` rebuilds marts whose definition changed).
DELETE FROM mart_state;
